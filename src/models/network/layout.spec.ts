import { describe, expect, it } from 'vitest';
import { modelHarness } from '../../engine/harness.test-helper.js';
import { defaultSettings } from '../../engine/prepare.js';
import { resolveIO } from '../../engine/io.js';
import { shapeParams } from '../../engine/shape.js';
import { network } from './index.js';
import { CN, REGIONS, ROW, RU, S, STAGES, US, networkLayout, prepareNetwork } from './layout.js';
import { DEFAULT_FLEET, type FleetClass } from './params.js';
import { priceReplay } from './price-replay.test-helper.js';

describe('the network record', () => {
  it('scalars, a block per region of K + 1 installed, K + 1 log breakevens and 3 pipeline stages, then the relocation block, without overlap', () => {
    for (const K of [1, 5, 12]) {
      const L = networkLayout(K);
      expect(L.classes).toBe(K + 1);
      expect(L.width).toBe(S.width + REGIONS * (2 * (K + 1) + STAGES) + REGIONS + (STAGES + 1) * (K + 1));
      // every slot of the record belongs to exactly one field
      const owner = new Array<string>(L.width).fill('');
      const claim = (name: string, from: number, width: number) => {
        for (let j = from; j < from + width; j++) {
          expect(owner[j], `${name} overlaps ${owner[j]}`).toBe('');
          owner[j] = name;
        }
      };
      for (const [f, w] of Object.entries(S.widths)) claim(f, S[f as keyof typeof S.widths], w as number);
      for (const r of [US, CN, RU, ROW]) {
        claim(`installed${r}`, L.installed[r], L.classes);
        claim(`lnCost${r}`, L.lnCost[r], L.classes);
        claim(`pipeline${r}`, L.pipeline[r], STAGES);
      }
      claim('clock', L.clock, REGIONS);
      claim('transit', L.transit, STAGES * L.classes);
      claim('queue', L.queue, L.classes);
      expect(owner.every((x) => x !== '')).toBe(true);
    }
  });

  it('io sizes the state by the fleet, and prepare builds the same layout with the normalised shares', () => {
    const fleet: FleetClass[] = [
      { name: 'a', jPerTh: 20, share: 3 },
      { name: 'b', jPerTh: 30, share: 1 },
    ];
    const settings = { ...defaultSettings(network), fleet } as never;
    const io = resolveIO(network, settings);
    const prepared = prepareNetwork(settings, { blockSize: 16, stepDays: 1, startDate: '2026-02-05' });
    expect(io.state.rec).toBe(prepared.L.width);
    expect(prepared.L.classes).toBe(3);
    expect([...prepared.shares]).toEqual([0.75, 0.25, 0]);
    expect([...prepared.jPerTh]).toEqual([20, 30]);
    expect(prepared.slowPaths.length).toBe(16);
    expect(prepared.slowBlocks.length).toBe(16);
  });

  it('only the fleet and startFrom shape the run: every other parameter may be set on a schedule', () => {
    expect([...shapeParams(network, defaultSettings(network)).keys()].sort()).toEqual(['fleet', 'startFrom']);
  });

  it('a scheduled set of a power price or of ε_new recomputes the log breakevens (paramsChanged)', () => {
    const h = modelHarness({ models: [priceReplay, network], paths: 4 }).init();
    const L = networkLayout(DEFAULT_FLEET.length);
    const rec = h.state('network', 'rec');
    const lnCost = (r: number, k: number) => rec[L.lnCost[r] + k];
    expect(lnCost(US, 0)).toBeCloseTo(Math.log(24 * 14 * 0.04), 12);
    expect(lnCost(ROW, L.classes - 1)).toBeCloseTo(Math.log(24 * 15 * 0.04), 12);
    h.setNext('network', 'usPowerUsdPerKwh', 0.08).step();
    h.setNext('network', 'newJPerTh', 12).step();
    expect(lnCost(US, 0)).toBeCloseTo(Math.log(24 * 14 * 0.08), 12);
    expect(lnCost(ROW, 0)).toBeCloseTo(Math.log(24 * 14 * 0.04), 12);
    expect(lnCost(US, L.classes - 1)).toBeCloseTo(Math.log(24 * 12 * 0.08), 12);
    expect(lnCost(ROW, L.classes - 1)).toBeCloseTo(Math.log(24 * 12 * 0.04), 12);
  });
});
