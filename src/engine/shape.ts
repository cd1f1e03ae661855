import { resolveIO } from './io.js';
import type { ModelDefinition } from './model.js';
import type { ParamTable } from './params.js';

/** The parameters of a model that shape a run, each with why: a scheduled `set` of them is refused. */
export type ShapeParams = Map<string, string>;

/**
 * Which parameters shape the run of `def` with these settings: those it declares with
 * `shapesState`, and every setting its `io` or `prepare` reads (the engine watches the reads).
 * `io` sizes the state and names the signals, `prepare` builds the per-run layouts and kernels
 * once per workspace, so a value either of them used cannot change mid-run: the state, the
 * signals or the prepared instance would no longer match it. Values that may change are read
 * from `ctx.p` in `paramsChanged`.
 */
export function shapeParams(def: ModelDefinition<any, any>, settings: Record<string, unknown>): ShapeParams {
  const out: ShapeParams = new Map();
  for (const [k, decl] of Object.entries(def.params as ParamTable)) if (decl.shapesState) out.set(k, decl.shapesState);
  const watched = (reader: string) =>
    new Proxy(settings, {
      get(target, key, receiver) {
        if (typeof key === 'string' && key in (def.params as ParamTable) && !out.has(key)) out.set(key, `the model's ${reader} reads it to lay out its state and signals`);
        return Reflect.get(target, key, receiver);
      },
      ownKeys(target) {
        // a spread or Object.keys reads every setting: all of them then shape the run
        for (const key of Object.keys(def.params)) if (!out.has(key)) out.set(key, `the model's ${reader} reads every setting`);
        return Reflect.ownKeys(target);
      },
    });
  resolveIO(def, watched('io'));
  def.prepare?.(watched('prepare') as never, { blockSize: 1, stepDays: 1, startDate: '2026-01-01' });
  return out;
}
