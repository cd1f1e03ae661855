import type { ModelContext, ModelDefinition, ShockLanes } from '../../engine/model.js';
import { defaultSettings } from '../../engine/prepare.js';
import { resolveIO } from '../../engine/io.js';
import type { ParamTable } from '../../engine/params.js';
import { PathRng } from '../../engine/rng/path-rng.js';

/**
 * Kept only for src/models/liquidity/liquidity.spec.ts, which moves to the engine harness in its
 * own migration; the leverage specs use modelHarness. Delete this file when nothing imports it.
 *
 * Test helper: a model's block context without the engine, so that a test can set the
 * signals a model reads (a chosen price path instead of the market's), call init/step, and
 * inspect its state. Number parameters are filled per path from `settings` (numbers only).
 */
export interface TestBlock<P extends ParamTable, R = unknown> {
  ctx: ModelContext<P, R>;
  /** Current-step buffers by signal name (created for every signal the model declares). */
  signals: Map<string, Float64Array>;
  /** Sets a shock on a shockable signal for the next step only. */
  shockNext(signal: string, multiply: number, add?: number): void;
  /** Runs init and paramsChanged. */
  init(): void;
  /** Advances one step (step counter and day, then the model's step). */
  step(): void;
}

export function testBlock<P extends ParamTable, R>(def: ModelDefinition<P, R>, paths: number, settings: Record<string, unknown> = {}, extraSignals: string[] = [], seed = 1): TestBlock<P, R> {
  const merged = { ...defaultSettings(def), ...settings };
  const io = resolveIO(def, merged);
  const signals = new Map<string, Float64Array>();
  for (const s of [...io.writes, ...io.adds, ...io.updates, ...io.reads.map((r) => r.name), ...extraSignals]) signals.set(s, new Float64Array(paths));
  const previous = new Map<string, Float64Array>();
  const state: Record<string, Float64Array> = {};
  for (const [k, w] of Object.entries(io.state)) state[k] = new Float64Array(paths * w);
  const p: Record<string, unknown> = {};
  for (const [k, decl] of Object.entries(def.params)) p[k] = decl.kind === 'number' ? new Float64Array(paths).fill(merged[k] as number) : merged[k];
  const shocks = new Map<string, ShockLanes>();
  const ctx = {
    paths,
    firstPath: 0,
    step: 0,
    stepDays: 1,
    day: 0,
    p,
    state,
    rng: new PathRng(seed, 0, paths, def.name),
    signal: (name: string) => {
      const b = signals.get(name);
      if (!b) throw new Error(`no signal ${name}`);
      return b;
    },
    prev: (name: string) => previous.get(name) ?? signals.get(name)!,
    has: (name: string) => signals.has(name),
    isUpdated: () => false,
    isUsed: () => true,
    shock: (name: string) => shocks.get(name) ?? null,
    prepared: def.prepare?.(merged as never, { blockSize: paths, stepDays: 1 }),
  } as unknown as ModelContext<P, R>;
  let pending: [string, ShockLanes][] = [];
  return {
    ctx,
    signals,
    shockNext(signal, multiply, add = 0) {
      pending.push([signal, { multiply: new Float64Array(paths).fill(multiply), add: new Float64Array(paths).fill(add) }]);
    },
    init() {
      def.init(ctx);
      def.paramsChanged?.(ctx);
    },
    step() {
      shocks.clear();
      for (const [s, lanes] of pending) shocks.set(s, lanes);
      pending = [];
      const c = ctx as unknown as { step: number; day: number };
      c.step++;
      c.day += ctx.stepDays;
      def.step(ctx);
    },
  };
}
