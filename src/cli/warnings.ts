import type { PointResult, ScenarioResult } from '../run-scenario.js';

/** How many signals a warning names before it says "and N more". */
const NAMED = 6;

/**
 * Warnings about numbers a run could not give: values a model made NaN or infinite (left out of
 * the statistics), means that overflowed the double range (values near 1.8e308 summed), and
 * statistics with no finite value to describe. JSON has no NaN or infinity, so each of these is
 * a null in `--json`; the warning says which and why, so that none is silent.
 */
export function resultWarnings(result: ScenarioResult): string[] {
  const out: string[] = [];
  for (const [k, p] of result.points.entries()) {
    const where = result.points.length > 1 ? `point ${k + 1} (${p.manifest.point}): ` : '';
    for (const w of pointWarnings(p)) out.push(where + w);
  }
  if (result.sensitivity) {
    const t = result.sensitivity;
    const bad = [t.base, ...t.rows.flatMap((r) => [r.outputLow, r.outputHigh, r.swing])].some((v) => !Number.isFinite(v));
    if (bad) out.push(`the sensitivity table of ${t.output} has values that are not finite numbers (null in --json): its output had no finite value at some point`);
  }
  return out;
}

function pointWarnings(p: PointResult): string[] {
  const out: string[] = [];
  const names = (list: string[]) => (list.length > NAMED ? `${list.slice(0, NAMED).join(', ')} and ${list.length - NAMED} more` : list.join(', '));
  const nonFinite = Object.entries(p.signals).filter(([, s]) => s.nonFinite > 0);
  if (nonFinite.length) {
    out.push(`${names(nonFinite.map(([n, s]) => `${n} (${s.nonFinite.toLocaleString('en-US')})`))}: values that were NaN or infinite (how many in parentheses), left out of the statistics; the model met numbers beyond the double range (check the parameters' magnitudes)`);
  }
  const overflow: string[] = [];
  const empty: string[] = [];
  for (const [name, s] of Object.entries(p.signals)) {
    let meanBad = 0;
    let quantBad = 0;
    for (let t = 0; t < s.mean.length; t++) {
      if (!Number.isFinite(s.mean[t])) meanBad++;
      if (!Number.isFinite(s.p50[t]) || !Number.isFinite(s.p01[t]) || !Number.isFinite(s.p99[t])) quantBad++;
    }
    if (meanBad > quantBad) overflow.push(`${name} (${meanBad} of ${s.mean.length} steps, first ${s.t[s.mean.findIndex((v) => !Number.isFinite(v))]})`);
    else if (quantBad) empty.push(`${name} (${quantBad} of ${s.mean.length} steps)`);
  }
  for (const [name, t] of Object.entries(p.terminal)) {
    const bad = [t.mean, t.p01, t.p50, t.p99, t.es05, t.es95].some((v) => !Number.isFinite(v));
    if (bad && !overflow.some((o) => o.startsWith(`${name} `)) && !empty.some((o) => o.startsWith(`${name} `))) overflow.push(`${name} (its final values)`);
  }
  if (overflow.length) out.push(`the mean of ${names(overflow)} overflowed: the sum of the values passed ±1.8e308 (null in --json); the quantiles are unaffected`);
  if (empty.length) out.push(`${names(empty)}: no finite value at some steps, so no statistics there (null in --json)`);
  return out;
}

/**
 * Where a result has numbers that are not finite (null in its JSON), as field paths: what
 * {@link resultWarnings} must have warned about (the fuzz test checks it).
 */
export function nonFiniteFields(result: ScenarioResult): string[] {
  const out: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push(at);
    } else if (Array.isArray(v)) v.forEach((x, k) => walk(x, `${at}[${k}]`));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
  };
  result.points.forEach((p, k) => walk({ signals: p.signals, terminal: p.terminal, events: p.events, sensitivity: p.sensitivity }, `points[${k}]`));
  return out;
}
