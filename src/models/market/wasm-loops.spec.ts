import { describe, expect, it } from 'vitest';
import { BlockWorkspace } from '../../engine/block-runner.js';
import type { ModelRegistry } from '../../engine/model.js';
import { preparePlan } from '../../engine/prepare.js';
import type { RunPlan } from '../../engine/run-plan.js';
import { market } from './index.js';
import { MarketScratch } from './layout.js';
import { marketOnlyPlan } from './plan.test-helper.js';
import { MarketWasmLoops, marketWasmEnabled, setMarketWasm } from './wasm-loops.js';

const registry: ModelRegistry = { models: [market] };

function plan(): RunPlan {
  return marketOnlyPlan({}, { scenarioName: 'market-wasm-loops-spec', seed: 1, paths: 384, steps: 2, blockSize: 384 });
}

describe('market WebAssembly loops, bound', () => {
  it('are on, and bound to a block workspace (whose arrays are in a WebAssembly memory)', () => {
    expect(marketWasmEnabled()).toBe(true);
    const ws = new BlockWorkspace(preparePlan(plan(), registry));
    ws.begin(0, 384);
    ws.advance(1);
    expect(ws.contextOf('market').prepared.loops).toBeInstanceOf(MarketWasmLoops);
  });

  it('are not bound to arrays outside a WebAssembly memory (the JS loops run)', () => {
    const s = new MarketScratch(8);
    const f = () => new Float64Array(8);
    const arrays = { rec: f(), state: new Uint32Array(32), ret: f(), regime: f(), price: f(), peak: f(), drawdown: f(), vol: f(), jumps: s.jumps, jumpWords: s.jumpWords, counts: s.counts, jumpParams: s.jumpParams, jumpsCalmPerYear: f(), jumpsStressPerYear: f(), jumpMeanLog: f(), jumpSdLog: f(), tables: s.tables };
    expect(MarketWasmLoops.bind(arrays)).toBeNull();
  });

  it('are not bound when turned off (the JS loops run)', () => {
    setMarketWasm(false);
    try {
      const ws = new BlockWorkspace(preparePlan(plan(), registry));
      ws.begin(0, 384);
      ws.advance(1);
      expect(ws.contextOf('market').prepared.loops).toBeNull();
    } finally {
      setMarketWasm(true);
    }
  });
});
