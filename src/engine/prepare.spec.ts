import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry as shipped } from '../models/index.js';
import { defineModel, type ModelDefinition, type ModelRegistry } from './model.js';
import { defaultSettings, preparePlan } from './prepare.js';
import { runAllBlocks } from './run-blocks.js';
import type { RunPlan } from './run-plan.js';
import { added, updated, written } from './signals.js';

/** A plan enabling `models` with default settings, listed in the order given (not the registry's). */
function plan(models: readonly ModelDefinition<any, any>[]): RunPlan {
  return {
    scenarioName: 'prepare-spec',
    seed: 1,
    paths: 8,
    steps: 2,
    stepDays: 1,
    startDate: '2026-01-01',
    blockSize: 8,
    models: models.map((def) => ({ name: def.name, settings: defaultSettings(def) })),
    schedule: [],
    events: [],
    record: ['w.x'],
    samplePaths: 0,
    keepTerminal: true,
    sketchAlpha: 0.01,
  };
}

// w writes w.x = 1 every step; `add` revises it by +1, `double` by ×2: the result tells the order
const X = written('w.x', '—');
const REVISED = updated('w.x');
const w = defineModel({
  name: 'w',
  title: 'writes 1',
  readme: 'src/engine/prepare.spec.ts',
  params: {},
  io: () => ({ signals: [X], state: {} }),
  init(ctx) { this.step(ctx); },
  step(ctx) { ctx.signal(X).fill(1, 0, ctx.paths); },
});
const reviser = (name: string, f: (x: number) => number) =>
  defineModel({
    name,
    title: `revises w.x (${name})`,
    readme: 'src/engine/prepare.spec.ts',
    params: {},
    io: () => ({ signals: [REVISED], state: {} }),
    init(ctx) { this.step(ctx); },
    step(ctx) {
      const x = ctx.signal(REVISED);
      for (let i = 0; i < ctx.paths; i++) x[i] = f(x[i]);
    },
  });
const add = reviser('add', (x) => x + 1);
const double = reviser('double', (x) => 2 * x);

describe('preparePlan: the order of updaters of one signal', () => {
  it('is the registry order, whatever order the plan lists the models in, and the run follows it', () => {
    for (const [models, expected] of [
      [[w, add, double], (1 + 1) * 2],
      [[w, double, add], 1 * 2 + 1],
    ] as const) {
      const registry: ModelRegistry = { models };
      const p = plan([...models].reverse());
      const prepared = preparePlan(p, registry);
      expect(prepared.updated.get('w.x')).toEqual([models[1].name, models[2].name]);
      expect(prepared.models.map((m) => m.def.name)).toEqual(models.map((m) => m.name));
      expect(Array.from(runAllBlocks(p, registry).signals.get('w.x')!.terminal!)).toEqual(new Array(8).fill(expected));
    }
  });

  it('of btc.price in the shipped registry is the one the engine README states', () => {
    const readme = fs.readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const stated = /`btc\.price` is revised first by `(\w+)`[^`]*then by `(\w+)`/.exec(readme);
    expect(stated, 'the engine README names the updaters of btc.price in order').not.toBeNull();
    const prepared = preparePlan(plan([...shipped.models].reverse()), shipped);
    expect(prepared.updated.get('btc.price')).toEqual([stated![1], stated![2]]);
    const step = prepared.models.map((m) => m.def.name);
    expect(step.indexOf(stated![1])).toBeLessThan(step.indexOf(stated![2]));
  });
});

describe('preparePlan: the owner of each signal', () => {
  const adder = (name: string, flows: string[]) =>
    defineModel({
      name,
      title: `adds to ${flows.join(', ')}`,
      readme: 'src/engine/prepare.spec.ts',
      params: {},
      io: () => ({ signals: flows.map((f) => added(f, 'USD')), state: {} }),
      init() {},
      step() {},
    });

  it('is the writer; for a flow, the enabled model its prefix names, else its first contributor in step order', () => {
    const a = adder('a', ['b.inflow', 'z.flow']);
    const b = adder('b', ['b.inflow']);
    const c = adder('c', ['z.flow']);
    const registry: ModelRegistry = { models: [w, add, a, b, c] };
    const prepared = preparePlan(plan([c, b, a, add, w]), registry);
    expect(Object.fromEntries(prepared.owners)).toEqual({ 'w.x': 'w', 'b.inflow': 'b', 'z.flow': 'a' });
    expect(Object.fromEntries(prepared.units)).toEqual({ 'w.x': '—', 'b.inflow': 'USD', 'z.flow': 'USD' });
  });
});

describe('preparePlan: a replayed signal', () => {
  it('is written by the engine before any model, revised by its updaters, with the unit its usual writer declares', () => {
    const registry: ModelRegistry = { models: [w, add, double] };
    const p: RunPlan = { ...plan([add, double]), replay: [{ signal: 'w.x', source: 'test', values: [5, 6, 7] }] };
    const prepared = preparePlan(p, registry);
    expect(prepared.owners.get('w.x')).toBe('replay');
    expect(prepared.units.get('w.x')).toBe('—');
    // step 2 replays 7, then add (+1) and double (×2) revise it in registry order
    expect(Array.from(runAllBlocks(p, registry).signals.get('w.x')!.terminal!)).toEqual(new Array(8).fill((7 + 1) * 2));
  });

  it('is refused when an enabled model writes it too', () => {
    const registry: ModelRegistry = { models: [w] };
    const p: RunPlan = { ...plan([w]), replay: [{ signal: 'w.x', source: 'x.csv', values: [1, 1, 1] }] };
    expect(() => preparePlan(p, registry)).toThrow(/w\.x is replayed from x\.csv and also written by the model w; switch that model off/);
  });
});
