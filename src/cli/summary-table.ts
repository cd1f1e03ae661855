import { formatValue } from '../results/format.js';
import type { SensitivityTable } from '../results/sensitivity.js';
import type { PointResult, ScenarioResult } from '../run-scenario.js';

/** Days at which the summary shows each signal (those within the horizon, plus the last). */
const HORIZONS_DAYS = [1, 7, 30, 90, 180, 365];

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
    const rows: string[][] = [['signal', 'at start', ...days.map((d) => `day ${d}: median [p5 – p95]`)]];
    for (const name of names) {
      const s = p.signals[name];
      const cell = (step: number) => `${formatValue(s.p50[step], s.unit)} [${formatValue(s.p05[step], s.unit)} – ${formatValue(s.p95[step], s.unit)}]`;
      rows.push([name, formatValue(s.p50[0], s.unit), ...days.map((d) => cell(Math.min(m.steps, Math.round(d / m.stepDays))))]);
    }
    lines.push('', textTable(rows));
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
