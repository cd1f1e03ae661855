import { runPlan } from '../../engine/run.js';
import { eventProbability } from '../../events/probability.js';
import { registry, registryUrl } from '../../models/index.js';
import { summarize } from '../../results/summarize.js';
import { ScenarioError } from '../../scenario/issues.js';
import { resolveParamPath } from '../../scenario/param-path.js';
import { planValues, type LoadedScenario } from '../../scenario/plan.js';
import { checkPathValue } from '../../scenario/validate.js';
import { findCrossing, type Crossing, type Trial } from './find-crossing.js';
import { findSmallestJointMove, type JointMove, type RayResult } from './joint-move.js';

/** What a reverse stress test asks. */
export interface ReverseQuestion {
  /** The parameter path varied (scenario/param-path.ts), e.g. `shock.btc.price.multiply`. */
  vary: string;
  /** The event whose probability is watched (a model's or the scenario's). */
  event: string;
  /** The probability sought, in (0, 1). */
  target: number;
  /** The range searched; default: see {@link defaultRange}. */
  range?: [number, number];
  /** Trials in all, the two ends included (default 12). */
  maxTrials?: number;
  /** Worker threads per trial. */
  threads?: number;
  /** Called after each trial. */
  onTrial?: (t: Trial, k: number) => void;
}

/** The answer, with everything needed to print or store it. */
export interface ReverseAnswer extends Crossing {
  vary: string;
  event: string;
  target: number;
  range: [number, number];
  /** Paths and seed of every trial (the same for all: common random numbers). */
  paths: number;
  seed: number;
}

/** Thrown for a question the scenario cannot answer (unknown path or event, no range); exit code 1. */
export class ReverseInputError extends Error {
  override name = 'ReverseInputError';
}

/**
 * A trial: the scenario with the paths set to the values (checked as the file would be), run
 * with its seed and paths, and the event's hits. Throws for an event the scenario lacks.
 */
function eventTrial(loaded: LoadedScenario, event: string, threads?: number): (values: Record<string, number>) => Promise<Trial> {
  const events = loaded.points[0].plan.events.map((e) => e.name);
  if (!events.includes(event)) throw new ReverseInputError(`--event ${event}: expected one of the scenario's events (${events.join(', ')})`);
  return async (values) => {
    let point;
    try {
      point = planValues(loaded.valid, values);
    } catch (err) {
      if (err instanceof ScenarioError) throw new ReverseInputError(`${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(', ')}: ${err.message}`);
      throw err;
    }
    const outcome = await runPlan(point.plan, { registryUrl, threads });
    const p = eventProbability({ events: summarize(outcome).events, manifest: point.plan }, event);
    return { x: NaN, hits: p.hits, paths: p.paths };
  };
}

/**
 * The default range of a path: a shock's multiply 0.5..1 (a fall of up to half); a number
 * parameter's value v > 0: v/2..2v; otherwise none (`--range` is then required).
 */
export function defaultRange(loaded: LoadedScenario, vary: string): [number, number] | null {
  if (/^shock\..*\.multiply$/.test(vary)) return [0.5, 1];
  const t = resolveParamPath(vary, loaded.valid.parsed.value, registry);
  if ('error' in t || t.kind !== 'param' || t.field.length) return null;
  const v = loaded.valid.models.find((m) => m.name === t.model)?.settings[t.param];
  return typeof v === 'number' && v > 0 ? [v / 2, 2 * v] : null;
}

/**
 * Runs the reverse stress test on a loaded scenario: each trial is the scenario with `vary`
 * set to a value (checked as the file would be), the same seed and paths, and reads the
 * event's probability from the run.
 */
export async function reverseStressTest(loaded: LoadedScenario, q: ReverseQuestion): Promise<ReverseAnswer> {
  const valid = loaded.valid;
  const target = resolveParamPath(q.vary, valid.parsed.value, registry);
  if ('error' in target) throw new ReverseInputError(`--vary ${q.vary}: ${target.error}`);
  const base = loaded.points[0];
  const run = eventTrial(loaded, q.event, q.threads);
  const range = q.range ?? defaultRange(loaded, q.vary);
  if (!range) throw new ReverseInputError(`--vary ${q.vary}: give the range to search with --range lo..hi (no default for this path)`);
  for (const x of range) {
    const problem = checkPathValue(valid.parsed, registry, q.vary, x);
    if (problem) throw new ReverseInputError(`--range ${range[0]}..${range[1]}: ${q.vary}=${x}: ${problem}`);
  }
  const trial = async (x: number): Promise<Trial> => ({ ...(await run({ [q.vary]: x })), x });
  const crossing = await findCrossing(trial, { target: q.target, range, maxTrials: q.maxTrials, onTrial: q.onTrial });
  return { ...crossing, vary: q.vary, event: q.event, target: q.target, range, paths: base.plan.paths, seed: base.plan.seed };
}

/** One input of a joint reverse stress test: its path and its move from a baseline to a stressed value. */
export interface JointInput {
  vary: string;
  from: number;
  to: number;
}

/** The answer of a joint reverse stress test. */
export interface JointAnswer extends JointMove {
  inputs: JointInput[];
  event: string;
  target: number;
  paths: number;
  seed: number;
  /** The inputs' values at the smallest move found (null if none reaches the target). */
  values: Record<string, number> | null;
}

/**
 * The multi-input reverse stress test (joint-move.ts): the smallest joint move, by the
 * Euclidean norm of each input's share of its from→to span, at which the event's probability
 * reaches the target; every trial with the same seed and paths.
 */
export async function reverseJointStressTest(
  loaded: LoadedScenario,
  q: { inputs: JointInput[]; event: string; target: number; threads?: number; trialsPerRay?: number; onRay?: (r: RayResult, k: number) => void },
): Promise<JointAnswer> {
  const valid = loaded.valid;
  for (const input of q.inputs) {
    const t = resolveParamPath(input.vary, valid.parsed.value, registry);
    if ('error' in t) throw new ReverseInputError(`--vary ${input.vary}: ${t.error}`);
    for (const x of [input.from, input.to]) {
      const problem = checkPathValue(valid.parsed, registry, input.vary, x);
      if (problem) throw new ReverseInputError(`--range ${input.from}..${input.to}: ${input.vary}=${x}: ${problem}`);
    }
  }
  const valueAt = (shares: number[]) => Object.fromEntries(q.inputs.map((input, i) => [input.vary, input.from + shares[i] * (input.to - input.from)]));
  const trial = eventTrial(loaded, q.event, q.threads);
  const move = await findSmallestJointMove((shares) => trial(valueAt(shares)), { inputs: q.inputs.length, target: q.target, trialsPerRay: q.trialsPerRay, onRay: q.onRay });
  const base = loaded.points[0].plan;
  return { ...move, inputs: q.inputs, event: q.event, target: q.target, paths: base.paths, seed: base.seed, values: move.best ? valueAt(move.best.shares!) : null };
}
