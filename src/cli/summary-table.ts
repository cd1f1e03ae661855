import { formatValue, isPercentUnit } from '../results/format.js';
import { SUMMARY_DAYS } from '../results/quantiles.js';
import type { SensitivityTable } from '../results/sensitivity.js';
import type { SignalSummary } from '../results/types.js';
import type { PointResult, ScenarioResult } from '../results/types.js';

/** Days at which the summary shows each signal (those within the horizon, plus the last). */
const HORIZONS_DAYS = SUMMARY_DAYS;

/** Renders rows as a left-aligned text table with a header rule. */
export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: string[]) => r.map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length)).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The human summary of a run: signals at a few horizons (median and 5–95% band) and events. */
export function summaryText(result: ScenarioResult): string {
  const out: string[] = [`${result.name}${result.description ? ` — ${result.description.split('\n')[0]}` : ''}`];
  // the runs of a sensitivity block show only in its table
  for (const point of result.points) if (!point.sensitivityRun) out.push('', pointText(point));
  if (result.sensitivity) out.push('', sensitivityText(result.sensitivity));
  return out.join('\n');
}

/** The unit as a table column shows it: blank where the numbers carry it ($, %). */
function unitLabel(unit: string): string {
  if (unit === 'USD' || isPercentUnit(unit)) return '';
  return unit.startsWith('USD/') ? `$${unit.slice(3)}` : unit;
}

/** The tornado table: each item's low and high value, the output at each, and the swing, largest first. */
export function sensitivityText(t: SensitivityTable): string {
  const what = t.statistic === 'total' ? `total of ${t.output} over the horizon (sum of daily means)` : `${t.statistic} of ${t.output} on ${t.at}`;
  const rows: string[][] = [['varied (one at a time)', 'low → high', `output at low`, `output at high`, 'swing']];
  for (const r of t.rows) rows.push([r.name, `${fmtNumber(r.low)} → ${fmtNumber(r.high)}`, formatValue(r.outputLow, t.unit), formatValue(r.outputHigh, t.unit), formatValue(r.swing, t.unit)]);
  return [`sensitivity: ${what}; base ${formatValue(t.base, t.unit)}`, textTable(rows)].join('\n');
}

function fmtNumber(v: number): string {
  return Math.abs(v) >= 1e5 ? v.toExponential(2) : String(v);
}

function pointText(p: PointResult): string {
  const m = p.manifest;
  const lines: string[] = [];
  const header = m.point === 'base' ? '' : `point ${m.point}: `;
  lines.push(`${header}${m.paths.toLocaleString('en-US')} paths × ${m.steps} steps of ${m.stepDays} day from ${m.startDate}, seed ${m.seed}, ${m.threads} thread(s), ${(m.elapsedMs / 1000).toFixed(1)}s, scenario ${m.scenarioHash.slice(0, 12)}`);
  const names = Object.keys(p.signals);
  if (names.length) {
    const horizonDays = m.steps * m.stepDays;
    const days = [...new Set([...HORIZONS_DAYS.filter((d) => d < horizonDays), horizonDays])];
    const steps = days.map((d) => Math.min(m.steps, Math.round(d / m.stepDays)));
    const value = (v: number, unit: string) => formatValue(v, unit, { perUnit: false });
    const band = (s: SignalSummary, step: number) => {
      const [lo, mid, hi] = [s.p05[step], s.p50[step], s.p95[step]].map((v) => value(v, s.unit));
      return lo === hi ? mid : `${mid} [${lo} – ${hi}]`;
    };
    // signals that do not move in time (steady-state results) get one column, not six
    const moving: string[] = [];
    const steady: string[] = [];
    for (const name of names) (isSteady(p.signals[name], [0, ...steps]) ? steady : moving).push(name);
    if (moving.length) {
      const rows: string[][] = [['signal', 'unit', 'at start', ...days.map((d) => `day ${d}: median [p5 – p95]`)]];
      for (const name of moving) {
        const s = p.signals[name];
        rows.push([name, unitLabel(s.unit), value(s.p50[0], s.unit), ...steps.map((step) => band(s, step))]);
      }
      lines.push('', textTable(rows));
    }
    if (steady.length) {
      const rows: string[][] = [['steady-state signal', 'unit', 'median [p5 – p95] (the same every day)']];
      for (const name of steady) {
        const s = p.signals[name];
        rows.push([name, unitLabel(s.unit), band(s, m.steps)]);
      }
      lines.push('', textTable(rows));
    }
  }
  const events = Object.entries(p.events);
  if (events.length) {
    const rows: string[][] = [['event', 'probability', 'median day (date)', 'day p5 – p95', 'meaning']];
    for (const [name, e] of events) {
      rows.push([name, `${(e.probability * 100).toFixed(1)}%`, e.day ? `${e.day.p50} (${e.date!.p50})` : 'never', e.day ? `${e.day.p05} – ${e.day.p95}` : '—', e.description]);
    }
    lines.push('', textTable(rows));
  }
  const bad = Object.entries(p.signals).filter(([, s]) => s.nonFinite > 0);
  for (const [name, s] of bad) lines.push(`warning: ${name} had ${s.nonFinite} non-finite values (left out of the statistics)`);
  return lines.join('\n');
}

/** Whether a signal's p5, median and p95 are the same at every one of these steps. */
function isSteady(s: SignalSummary, steps: number[]): boolean {
  const last = steps[steps.length - 1];
  return steps.every((t) => s.p05[t] === s.p05[last] && s.p50[t] === s.p50[last] && s.p95[t] === s.p95[last]);
}
