/**
 * Bitcoin Core's retarget arithmetic, checked against Core's own test vectors (pow_tests.cpp)
 * and every complete real difficulty epoch of the main chain (data/btc_difficulty_epochs.csv).
 * All checks are exact (bit for bit), except the double difficulty, compared within 1e-15.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  POW_LIMIT,
  RETARGET_INTERVAL,
  compactFromDifficulty,
  compactToTarget,
  difficultyFromCompact,
  exactDifficulty,
  nextWorkRequired,
  targetToCompact,
} from './pow.js';

const dataFile = (name: string) => fileURLToPath(new URL(`../../../data/${name}`, import.meta.url));

interface Vector {
  name: string;
  last_retarget_time: number;
  last_block_time: number;
  last_block_height: number;
  last_nbits: string;
  expected_nbits: string;
  not_permitted_nbits?: string;
}
interface PowInvalid {
  name: string;
  nbits: string;
  hash_hex: string;
}
const vectors = JSON.parse(fs.readFileSync(dataFile('btc_pow_retarget_test_vectors.json'), 'utf8')) as {
  calculate_next_work_required: Vector[];
  check_proof_of_work_invalid: PowInvalid[];
  consensus_params_mainnet: { pow_limit_hex: string; pow_limit_compact: string; difficulty_adjustment_interval_blocks: number };
};

interface Epoch {
  epoch: number;
  startTime: number;
  endTime: number;
  nbits: number;
  difficulty: number;
  nextNbits: number;
}
/** Rows of the epochs file: epochs with both block times and the next epoch's nBits are complete. */
function readEpochs(): Epoch[] {
  const [header, ...lines] = fs.readFileSync(dataFile('btc_difficulty_epochs.csv'), 'utf8').trim().split(/\r?\n/);
  const col = Object.fromEntries(header.split(',').map((c, k) => [c, k]));
  return lines.map((line) => {
    const f = line.split(',');
    const num = (c: string) => (f[col[c]] === '' ? NaN : Number(f[col[c]]));
    return {
      epoch: num('epoch'),
      startTime: num('start_time'),
      endTime: num('end_time'),
      nbits: Number(f[col.nbits]),
      difficulty: num('difficulty'),
      nextNbits: f[col.next_epoch_nbits] === '' ? NaN : Number(f[col.next_epoch_nbits]),
    };
  });
}

/** CheckProofOfWork: the compact target must decode cleanly, lie in (0, powLimit], and the hash must not exceed it. */
function checkProofOfWork(hashHex: string, nBits: number): boolean {
  const { target, negative, overflow } = compactToTarget(nBits);
  if (negative || overflow || target === 0n || target > POW_LIMIT) return false;
  return BigInt(`0x${hashHex}`) <= target;
}

describe('Bitcoin Core test vectors (pow_tests.cpp)', () => {
  it('mainnet constants: powLimit, its compact form, 2016-block interval', () => {
    expect(POW_LIMIT).toBe(BigInt(`0x${vectors.consensus_params_mainnet.pow_limit_hex}`));
    expect(targetToCompact(POW_LIMIT)).toBe(Number(vectors.consensus_params_mainnet.pow_limit_compact));
    expect(RETARGET_INTERVAL).toBe(vectors.consensus_params_mainnet.difficulty_adjustment_interval_blocks);
  });

  it.each(vectors.calculate_next_work_required.map((v) => [v.name, v] as const))('CalculateNextWorkRequired: %s', (_name, v) => {
    const got = nextWorkRequired(Number(v.last_nbits), v.last_retarget_time, v.last_block_time);
    expect(got.toString(16)).toBe(Number(v.expected_nbits).toString(16));
    if (v.not_permitted_nbits) expect(got).not.toBe(Number(v.not_permitted_nbits));
  });

  it.each(vectors.check_proof_of_work_invalid.map((v) => [v.name, v] as const))('CheckProofOfWork rejects: %s', (_name, v) => {
    expect(checkProofOfWork(v.hash_hex, Number(v.nbits))).toBe(false);
  });

  it('CheckProofOfWork accepts a hash at the target and rejects one above it', () => {
    const t = compactToTarget(0x1d00ffff).target;
    expect(checkProofOfWork(t.toString(16).padStart(64, '0'), 0x1d00ffff)).toBe(true);
    expect(checkProofOfWork((t + 1n).toString(16).padStart(64, '0'), 0x1d00ffff)).toBe(false);
  });
});

describe('every complete real difficulty epoch (data/btc_difficulty_epochs.csv)', () => {
  const epochs = readEpochs();
  const complete = epochs.filter((e) => Number.isFinite(e.startTime) && Number.isFinite(e.endTime) && Number.isFinite(e.nextNbits));

  it('reproduces the next epoch’s nBits bit for bit for all 413 complete epochs (0..412)', () => {
    expect(complete.length).toBe(413);
    expect(complete[0].epoch).toBe(0);
    expect(complete[412].epoch).toBe(412);
    const mismatches = complete.filter((e) => nextWorkRequired(e.nbits, e.startTime, e.endTime) !== e.nextNbits);
    expect(mismatches.map((e) => e.epoch)).toEqual([]);
  });

  it('the epochs include the cases that matter: powLimit caps (epochs 0–14), the lower clamp (epoch 33), falls and rises', () => {
    const capped = complete.filter((e) => e.nbits === 0x1d00ffff && e.nextNbits === 0x1d00ffff && e.endTime - e.startTime > 1_209_600);
    expect(capped.length).toBeGreaterThanOrEqual(10);
    const e33 = complete[33];
    expect(e33.endTime - e33.startTime).toBeLessThan(1_209_600 / 4);
    const falls = complete.filter((e) => compactToTarget(e.nextNbits).target > compactToTarget(e.nbits).target && e.nbits !== 0x1d00ffff);
    expect(falls.length).toBeGreaterThan(50);
  });

  it('difficulty: Core’s GetDifficulty and the exact ratio agree with the file within 1e-15 for all 474 epochs', () => {
    expect(epochs.length).toBe(474);
    for (const e of epochs) {
      const exact = exactDifficulty(compactToTarget(e.nbits).target);
      // the file prints 6 decimals of the exact ratio
      expect(Math.abs(exact - e.difficulty)).toBeLessThanOrEqual(Math.max(1e-6, e.difficulty * 1e-15));
      expect(Math.abs(difficultyFromCompact(e.nbits) - exact)).toBeLessThanOrEqual(exact * 1e-15);
    }
  });

  it('a difficulty as printed maps back to the chain’s nBits wherever the file gives 9+ significant digits (difficulty ≥ 1000)', () => {
    const printed = epochs.filter((e) => e.difficulty >= 1000);
    expect(printed.length).toBeGreaterThan(400);
    const wrong = printed.filter((e) => compactFromDifficulty(e.difficulty) !== e.nbits);
    expect(wrong.map((e) => e.epoch)).toEqual([]);
  });

  it('any epoch’s difficulty rounded to 8 significant digits maps back to its nBits (all 474)', () => {
    const wrong = epochs.filter((e) => compactFromDifficulty(Number(exactDifficulty(compactToTarget(e.nbits).target).toPrecision(8))) !== e.nbits);
    expect(wrong.map((e) => e.epoch)).toEqual([]);
  });
});

describe('compact encoding', () => {
  it('round-trips every canonical compact value it produces', () => {
    for (const nBits of [0x1d00ffff, 0x1c05a3f4, 0x1701fca1, 0x17023c7e, 0x1b0404cb, 0x03123456, 0x04123456]) {
      expect(targetToCompact(compactToTarget(nBits).target)).toBe(nBits);
    }
  });

  it('GetCompact moves a set top mantissa bit into the exponent (0x80 → 0x0080 with size + 1)', () => {
    expect(targetToCompact(0x80n)).toBe(0x02008000);
    expect(targetToCompact(0x7fn)).toBe(0x017f0000);
    expect(targetToCompact(0n)).toBe(0);
  });
});
