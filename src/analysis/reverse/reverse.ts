import { runPlan } from '../../engine/run.js';
import { eventProbability } from '../../events/probability.js';
import { registry, registryUrl } from '../../models/index.js';
import { summarize } from '../../results/summarize.js';
import { ScenarioError } from '../../scenario/issues.js';
import { resolveParamPath } from '../../scenario/param-path.js';
import { planValues, type LoadedScenario } from '../../scenario/plan.js';
import { checkPathValue } from '../../scenario/validate.js';
import { findCrossing, type Crossing, type Trial } from './find-crossing.js';

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
  const events = base.plan.events.map((e) => e.name);
  if (!events.includes(q.event)) throw new ReverseInputError(`--event ${q.event}: expected one of the scenario's events (${events.join(', ')})`);
  const range = q.range ?? defaultRange(loaded, q.vary);
  if (!range) throw new ReverseInputError(`--vary ${q.vary}: give the range to search with --range lo..hi (no default for this path)`);
  for (const x of range) {
    const problem = checkPathValue(valid.parsed, registry, q.vary, x);
    if (problem) throw new ReverseInputError(`--range ${range[0]}..${range[1]}: ${q.vary}=${x}: ${problem}`);
  }
  const trial = async (x: number): Promise<Trial> => {
    let point;
    try {
      point = planValues(valid, { [q.vary]: x });
    } catch (err) {
      if (err instanceof ScenarioError) throw new ReverseInputError(`${q.vary}=${x}: ${err.message}`);
      throw err;
    }
    const outcome = await runPlan(point.plan, { registryUrl, threads: q.threads });
    const summary = summarize(outcome);
    const p = eventProbability({ events: summary.events, manifest: point.plan }, q.event);
    return { x, hits: p.hits, paths: p.paths };
  };
  const crossing = await findCrossing(trial, { target: q.target, range, maxTrials: q.maxTrials, onTrial: q.onTrial });
  return { ...crossing, vary: q.vary, event: q.event, target: q.target, range, paths: base.plan.paths, seed: base.plan.seed };
}
