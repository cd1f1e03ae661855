import { resolveIO } from './io.js';
import type { ModelDefinition, ModelRegistry, ResolvedIO } from './model.js';
import type { ParamTable } from './params.js';
import { SUM_GRANULE, type RunPlan } from './run-plan.js';
import { orderModels, SignalGraphError } from './signal-graph.js';

/** A planned model with its definition and resolved I/O. */
export interface PreparedModel {
  def: ModelDefinition<any, any>;
  settings: Record<string, unknown>;
  io: ResolvedIO;
}

/** A plan checked against the registry: models in step order and the signals they make. */
export interface PreparedPlan {
  plan: RunPlan;
  models: PreparedModel[];
  /** Every written or added signal → its unit. */
  units: Map<string, string>;
  /**
   * Every written or added signal → the model it belongs to: its writer; for a flow signal,
   * the model its prefix names if enabled, else its first contributor in step order.
   */
  owners: Map<string, string>;
  /** Flow signals (added to by one or more models). */
  flows: Set<string>;
  /** Signals some model reads with `prev`. */
  prevRead: Set<string>;
  /** Shockable signal → the model that applies shocks to it. */
  shockable: Map<string, string>;
  /**
   * Signal → the models that revise it after its writer (`updated` declarations), in run
   * order, which is the order of the registry (`btc.price`: liquidity, then leverage).
   */
  updated: Map<string, string[]>;
  /** Signals something uses: read or updated by a model, recorded, or watched by an event. */
  used: Set<string>;
}

/** Every model that writes or adds `signal` with its default settings (for error hints). */
export function modelsProviding(registry: ModelRegistry, signal: string): string[] {
  return providers(registry, signal).map((p) => p.name);
}

/** Every model that writes or adds `signal` with its default settings, and the unit it declares. */
function providers(registry: ModelRegistry, signal: string): { name: string; unit: string }[] {
  const out: { name: string; unit: string }[] = [];
  for (const def of registry.models) {
    try {
      const io = resolveIO(def, defaultSettings(def));
      if (io.writes.includes(signal) || (io.adds ?? []).includes(signal)) out.push({ name: def.name, unit: io.units[signal] ?? '' });
    } catch {
      // a model whose I/O needs settings cannot be asked with defaults; skip it in hints
    }
  }
  return out;
}

/** The owner of a replayed signal in `owners` and the name of its source in the signal graph. */
export const REPLAY_SOURCE = 'replay';

/**
 * Refuses a replay that collides with a model: a replayed signal is written by the replay alone,
 * so the model that would write it must be switched off. The message says which and how.
 */
export function checkReplayed(replayed: readonly { signal: string; source: string }[], models: readonly { name: string; io: ResolvedIO }[]): void {
  const seen = new Set<string>();
  for (const r of replayed) {
    if (seen.has(r.signal)) throw new SignalGraphError(`signal ${r.signal} is replayed twice; replay each signal from one series`);
    seen.add(r.signal);
    for (const m of models) {
      if (m.io.writes.includes(r.signal) || m.io.adds.includes(r.signal)) {
        throw new SignalGraphError(
          `signal ${r.signal} is replayed from ${r.source} and also ${m.io.writes.includes(r.signal) ? 'written' : 'added to'} by the model ${m.name}; switch that model off (models: { ${m.name}: { enabled: false } }) or remove the replay`,
        );
      }
    }
  }
}

/** A model's default settings. */
export function defaultSettings(def: ModelDefinition<any, any>): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(def.params as ParamTable)) s[k] = p.default;
  return s;
}

/**
 * Resolves models and orders them; throws SignalGraphError with a readable message. Models are
 * taken in the registry's order, whatever the plan's: ties in the signal graph, and several
 * updaters of one signal, run in that order (engine README, "Order within a step").
 */
export function preparePlan(plan: RunPlan, registry: ModelRegistry): PreparedPlan {
  // a block must start on a granule, or its sums would straddle two (plans are built in code)
  if (plan.blockSize % SUM_GRANULE !== 0 && plan.blockSize < plan.paths) {
    throw new Error(`blockSize ${plan.blockSize} must be a multiple of ${SUM_GRANULE} (or hold every path)`);
  }
  const byName = new Map(registry.models.map((m) => [m.name, m] as const));
  const rank = new Map(registry.models.map((m, k) => [m.name, k] as const));
  const models: PreparedModel[] = plan.models.map((pm) => {
    const def = byName.get(pm.name);
    if (!def) throw new SignalGraphError(`unknown model ${pm.name}; known: ${[...byName.keys()].join(', ')}`);
    return { def, settings: pm.settings, io: resolveIO(def, pm.settings) };
  });
  models.sort((a, b) => rank.get(a.def.name)! - rank.get(b.def.name)!);
  const replayed = plan.replay ?? [];
  checkReplayed(replayed, models.map((m) => ({ name: m.def.name, io: m.io })));
  // the replay is a source in the graph (it writes its signals before any model steps), not a model
  const source = replayed.length ? [replayNode(replayed.map((r) => r.signal))] : [];
  const ordered = orderModels(
    [...source, ...models.map((m) => ({ name: m.def.name, io: m.io }))],
    (s) => modelsProviding(registry, s),
  ).filter((n) => !source.includes(n));
  const byModel = new Map(models.map((m) => [m.def.name, m] as const));
  const units = new Map<string, string>();
  const flows = new Set<string>();
  const prevRead = new Set<string>();
  const shockable = new Map<string, string>();
  const updated = new Map<string, string[]>();
  const used = new Set<string>([...plan.record, ...plan.events.flatMap((e) => (e.logic ? e.logic.condition.signals : [e.signal]))]);
  for (const m of models) {
    for (const r of m.io.reads) used.add(r.name);
    for (const s of m.io.updates) used.add(s);
    for (const s of m.io.updates) updated.set(s, [...(updated.get(s) ?? []), m.def.name]);
    for (const s of m.io.writes) units.set(s, m.io.units[s] ?? '');
    for (const s of m.io.adds ?? []) {
      units.set(s, m.io.units[s] ?? '');
      flows.add(s);
    }
    for (const r of m.io.reads ?? []) if (r.prev) prevRead.add(r.name);
    for (const s of m.io.shockable ?? []) shockable.set(s, m.def.name);
  }
  const inStepOrder = ordered.map((n) => byModel.get(n.name)!);
  const owners = signalOwners(inStepOrder);
  for (const r of replayed) {
    // the unit the model that normally writes it declares
    units.set(r.signal, providers(registry, r.signal)[0]?.unit ?? '');
    owners.set(r.signal, REPLAY_SOURCE);
  }
  return { plan, models: inStepOrder, units, owners, flows, prevRead, shockable, updated, used };
}

/** The replay as the signal graph sees it: a source writing the replayed signals and reading none. */
export function replayNode(signals: string[]): { name: string; io: ResolvedIO } {
  return { name: REPLAY_SOURCE, io: { writes: signals, adds: [], updates: [], reads: [], shockable: [], state: {}, events: [], units: {} } };
}

/** Signal → the model it belongs to: its writer; for a flow, the model its prefix names if enabled, else its first adder. */
function signalOwners(models: PreparedModel[]): Map<string, string> {
  const owner = new Map<string, string>();
  const names = new Set(models.map((m) => m.def.name));
  for (const m of models) for (const s of m.io.writes) owner.set(s, m.def.name);
  for (const m of models) {
    for (const s of m.io.adds) {
      if (owner.has(s)) continue;
      const prefix = s.split('.')[0];
      owner.set(s, names.has(prefix) ? prefix : m.def.name);
    }
  }
  return owner;
}
