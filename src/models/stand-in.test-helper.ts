import { defineModel, type ModelContext, type ModelDefinition } from '../engine/model.js';
import type { NumberParam, ParamTable } from '../engine/params.js';
import { written, type SignalDecl } from '../engine/signals.js';

/**
 * Test only: a model that stands in for another by writing signals from its own parameters
 * (a BTC price, a hashprice, a supply index), so that a model's optional reads can be checked
 * at known values. `write` fills every signal it declares for all paths at the context's step;
 * it runs at `init` (step 0) and at every step, so the stand-in has no state of its own.
 */
export function standInModel<P extends ParamTable>(spec: {
  name: string;
  title: string;
  readme: string;
  params: P;
  /** The signals written, declared with `written(name, unit)`: the handles `write` passes to `ctx.signal`. */
  signals?: readonly SignalDecl<'written'>[];
  /** Or the signals written as names with their units (when `signals` is not given). */
  units?: Record<string, string>;
  write(ctx: ModelContext<P>): void;
}): ModelDefinition<P> {
  const { name, title, readme, params, write } = spec;
  const signals = spec.signals ?? Object.entries(spec.units ?? {}).map(([name, unit]) => written(name, unit));
  return defineModel({
    name,
    title,
    readme,
    params,
    io: () => ({ signals, state: {} }),
    init: write,
    step: write,
  });
}

/** A stand-in that writes one signal from one number parameter, every step (change it with a scheduled set). */
export function paramStandIn<K extends string>(spec: { name: string; title: string; readme: string; signal: string; unit: string; param: K; decl: NumberParam }): ModelDefinition<Record<K, NumberParam>> {
  const { signal, param } = spec;
  return standInModel({
    name: spec.name,
    title: spec.title,
    readme: spec.readme,
    params: { [param]: spec.decl } as Record<K, NumberParam>,
    units: { [signal]: spec.unit },
    write(ctx) {
      ctx.signal(signal).set((ctx.p[param] as Float64Array).subarray(0, ctx.paths));
    },
  });
}
