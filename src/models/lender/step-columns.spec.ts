/**
 * The step reads the drawn fields from path 0's row when every field it reads is alike on the
 * block's paths (kernel.ts `initBlock`, `LenderBlock.uStride`). That is right only if the step
 * never reads a field of OPENING_FIELDS (layout.ts): here every one of them is drawn per path,
 * and each path of a block of 8 must match the same path run alone (a block of one, where
 * path 0's row is its own) on every lender signal at every step, bit for bit. A step read of
 * a listed field would give the block's paths path 0's value and fail this.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BlockWorkspace } from '../../engine/block-runner.js';
import { preparePlan } from '../../engine/prepare.js';
import { loadScenario } from '../../scenario/plan.js';
import { registry } from '../index.js';
import type { LenderBlock } from './block.js';
import { OPENING_FIELDS } from './layout.js';
import { cleanUp, writeScenario } from './run-scenario.test-helper.js';

afterAll(cleanUp);

/** A range for each opening field, drawn uniformly per path (every listed field needs one). */
const RANGES: Record<string, [number, number]> = {
  depositsUsd: [5e8, 2e9],
  equityShare: [0.03, 0.12],
  otherLiabilitiesShare: [0, 0.1],
  cashShare: [0.05, 0.3],
  liquidShare: [0.02, 0.08],
  ownBtcShare: [0.01, 0.06],
  otherAssetsShare: [0.01, 0.06],
  cashFloorShare: [0.01, 0.04],
  clients: [20, 3000],
  largestTenShare: [0.1, 0.6],
  share: [0.1, 0.9],
};
const drawn = (fields: ReadonlySet<string>) => Object.fromEntries([...fields].map((k) => [k, { dist: 'uniform', min: RANGES[k][0], max: RANGES[k][1] }]));

const PATHS = 8;
const DAYS = 60;

function scenarioFile(): string {
  const seg = drawn(OPENING_FIELDS.segment);
  const book = drawn(OPENING_FIELDS.book);
  const lender = (extra: object) => ({
    ...drawn(OPENING_FIELDS.lender),
    segments: { hedgeFunds: seg, assetManagers: seg, others: { ...seg, runThreshold: 1.05 } },
    loans: [
      { ...book, borrower: 'trading', collateralRatio: 1.3, tenorDays: 30, buckets: 3, borrowers: 3, callable: true },
      { ...book, borrower: 'miner', collateralRatio: 1.5, tenorDays: 45, buckets: 2, borrowers: 2 },
      { ...book, borrower: 'other', collateralRatio: 0, pdPerYear: 0.2, tenorDays: 20, buckets: 2, borrowers: 2 },
    ],
    ...extra,
  });
  const scenario = {
    name: 'lender-step-columns',
    start: '2026-01-01',
    seed: 11,
    horizonDays: DAYS,
    paths: PATHS,
    models: {
      market: { priceUsd: 73300, peakUsd: 126080, initialRegime: 'stress' },
      lender: {
        runVisibility: 1.4,
        lenders: {
          a: lender({ callLagDays: 2, depositRateApr: 0.02, otherAssetsHaircut: 0.5, otherAssetsDays: 30 }),
          b: lender({ gateBelowCoverage: 0.3, gatedPayoutShare: 0.5, callLagDays: 0, callHaircut: 0.05 }),
        },
      },
    },
    schedule: [
      { at: '2026-01-03', shock: [{ signal: 'btc.price', multiply: { dist: 'uniform', min: 0.5, max: 0.9 } }] },
      { at: '2026-01-05', shock: [{ signal: 'lender.a.revealedLossUsd', add: { dist: 'uniform', min: 0, max: 1e8 } }] },
    ],
  };
  return writeScenario('lender-step-columns', JSON.stringify(scenario));
}

/** Every lender signal of paths [first, first + paths) after each step, and the block's stride. */
function run(file: string, first: number, paths: number): { rows: number[][][]; stride: number; width: number } {
  const plan = loadScenario(file, registry, {}).points[0].plan;
  // a block of `paths` from path `first` (a block holding the plan's paths needs no granule)
  plan.paths = paths;
  plan.blockSize = paths;
  plan.record = [];
  const ws = new BlockWorkspace(preparePlan(plan, registry));
  ws.begin(first, paths);
  const names = [...ws.current.keys()].filter((n) => n.startsWith('lender.')).sort();
  const rows: number[][][] = [];
  for (let t = 1; t <= plan.steps; t++) {
    ws.advance(t);
    rows.push(names.map((n) => Array.from(ws.current.get(n)!.subarray(0, paths))));
  }
  const blk = ws.contextOf('lender').prepared as LenderBlock;
  return { rows, stride: blk.uStride, width: blk.uW };
}

describe('the step reads path 0’s drawn fields when those it reads are alike', () => {
  it('gives each path of a block, with every opening field drawn per path, the signals it has alone', () => {
    for (const fields of Object.values(OPENING_FIELDS)) for (const k of fields) expect(RANGES[k], k).toBeDefined();
    const file = scenarioFile();
    const block = run(file, 0, PATHS);
    expect(block.stride).toBe(0); // the shared row is used
    for (let i = 0; i < PATHS; i++) {
      const alone = run(file, i, 1);
      expect(alone.rows.map((step) => step.map((values) => values[0]))).toEqual(block.rows.map((step) => step.map((values) => values[i])));
    }
    // the paths differ (the test compares something)
    const cash = block.rows[DAYS - 1];
    expect(new Set(cash.flat()).size).toBeGreaterThan(PATHS);
  });
});
