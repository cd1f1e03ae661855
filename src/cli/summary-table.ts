import { discoveryText, globalSensitivityText } from '../analysis/analysis-text.js';
import Table from 'cli-table3';
import stringWidth from 'string-width';
import { formatDate, formatDuration } from '../report/format.js';
import { formatNumber, formatProbability, formatValue, isPercentUnit } from '../results/format.js';
import { SUMMARY_DAYS } from '../results/quantiles.js';
import type { SensitivityTable } from '../results/sensitivity.js';
import { NO_ROLES, type SignalRoles } from '../results/signal-roles.js';
import { isIntegerValued, isSteady } from '../results/signal-shape.js';
import { sweepPointLabel } from '../results/sweep-label.js';
import type { PointResult, ScenarioResult, SignalSummary } from '../results/types.js';
import { wilsonInterval } from '../results/wilson-interval.js';

/** Days at which the summary shows each signal (those within the horizon, plus the last). */
const HORIZONS_DAYS = SUMMARY_DAYS;
/** Columns between table cells. */
const GAP = 2;
/** The width used when the output is not a terminal and no width is given. */
export const DEFAULT_WIDTH = 100;

/** How the summary is laid out; every field optional. */
export interface SummaryOptions {
  /** Columns available (the terminal's width); `Infinity` lays everything out as wide tables. */
  width?: number;
  /** Headline and parameter-derived signals of a point (from the models' declarations); none: every signal is shown. */
  roles?: (point: PointResult) => SignalRoles;
  /** Show these signals (glob patterns, comma-separated: `btc.*,lender.*.coverage`) instead of the headline ones. */
  signals?: string;
  /** Only the events. */
  eventsOnly?: boolean;
  /** Units of swept parameters (`leverage.openInterestUsd` → `USD`), for readable sweep labels. */
  paramUnits?: ReadonlyMap<string, string>;
}

const BLANK_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: ' '.repeat(GAP),
};

/** Text width as a terminal shows it (wide and combining characters counted right). */
function width(s: string): number {
  return stringWidth(s);
}

/** One table (cli-table3, no borders, a rule under the header); columns given widths, the last may wrap. */
function renderTable(head: string[], rows: string[][], colWidths: number[], align: ('left' | 'right')[], wrap: boolean, rule = true): string {
  const table = new Table({
    head,
    chars: BLANK_CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colWidths,
    colAligns: align,
    wordWrap: wrap,
  });
  if (rule) table.push(colWidths.map((w) => '─'.repeat(w)));
  table.push(...rows);
  return table
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

/** Options of {@link textTable}. */
export interface TableOptions {
  /** Columns available; wider tables wrap their last column or split into column groups. */
  width?: number;
  /** Columns aligned right (numbers), by index. */
  right?: number[];
  /** The last column is prose that may wrap (kept if it gets at least this many columns). */
  wrapLast?: number;
  /** Leading columns repeated in every column group of a split table (default 1). */
  keep?: number;
  /** A rule under the header (default true). */
  rule?: boolean;
}

/**
 * Rows (the first is the header) as a text table that fits `width`: as is when it fits; else
 * its prose column wrapped; else split into column groups, each repeating the leading columns.
 */
export function textTable(rows: string[][], options: TableOptions = {}): string {
  const [head, ...body] = rows;
  const maxWidth = options.width ?? Infinity;
  const natural = head.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  const align = head.map((_, c) => (options.right?.includes(c) ? 'right' : 'left') as 'left' | 'right');
  const total = (ws: number[]) => ws.reduce((a, b) => a + b, 0) + GAP * (ws.length - 1);
  if (total(natural) <= maxWidth) return renderTable(head, body, natural, align, false, options.rule);
  if (options.wrapLast) {
    const rest = maxWidth - total(natural.slice(0, -1)) - GAP;
    if (rest >= options.wrapLast) return renderTable(head, body, [...natural.slice(0, -1), rest], align, true, options.rule);
    if (total(natural.slice(0, -1)) <= maxWidth) return renderTable(head.slice(0, -1), body.map((r) => r.slice(0, -1)), natural.slice(0, -1), align, false, options.rule);
  }
  // column groups: the leading columns, then as many of the others as fit
  const keep = Math.min(options.keep ?? 1, head.length - 1);
  const groups: number[][] = [];
  let current: number[] = [];
  for (let c = keep; c < head.length; c++) {
    const cols = [...Array(keep).keys(), ...current, c];
    if (current.length && total(cols.map((k) => natural[k])) > maxWidth) {
      groups.push(current);
      current = [];
    }
    current.push(c);
  }
  if (current.length) groups.push(current);
  return groups
    .map((g) => {
      const cols = [...Array(keep).keys(), ...g];
      const ws = cols.map((k) => natural[k]);
      // a single column wider than the terminal is cut rather than let the line wrap
      const over = total(ws) - maxWidth;
      if (over > 0) ws[ws.length - 1] = Math.max(4, ws[ws.length - 1] - over);
      return renderTable(cols.map((k) => head[k]), body.map((r) => cols.map((k) => r[k] ?? '')), ws, cols.map((k) => align[k]), false, options.rule);
    })
    .join('\n\n');
}

/** Words wrapped to a width (a long word stays whole). */
export function wrapText(text: string, maxWidth: number): string {
  if (!Number.isFinite(maxWidth)) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && width(line) + 1 + width(word) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** A glob list (`btc.*,lender.*.coverage`) as a test on signal names. */
export function signalMatcher(patterns: string): (name: string) => boolean {
  const res = patterns
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return (name) => res.some((re) => re.test(name));
}

/**
 * The human summary of a run: the events first (probability with its 95% interval, and when),
 * then the headline signals each model declares at a few horizons (median and 5–95% band),
 * the steady outputs, and the inputs derived from parameters; laid out to the given width.
 */
export function summaryText(result: ScenarioResult, options: SummaryOptions = {}): string {
  const w = options.width ?? DEFAULT_WIDTH;
  const title = `${result.name}${result.description ? ` — ${result.description.split('\n')[0]}` : ''}`;
  const out: string[] = [wrapText(title, w)];
  // the runs of a sensitivity block show only in its table
  const points = result.points.filter((p) => !p.sensitivityRun && !p.designRun);
  if (points.length > 1) out.push('', sweepText(points, options));
  else for (const point of points) out.push('', pointText(point, options));
  if (result.sensitivity && !options.eventsOnly) out.push('', sensitivityText(result.sensitivity, w));
  if (result.globalSensitivity && !options.eventsOnly) out.push('', globalSensitivityText(result.globalSensitivity));
  if (result.discovery && !options.eventsOnly) out.push('', discoveryText(result.discovery));
  return out.join('\n');
}

/** The unit as a table column shows it: blank where the numbers carry it ($, %). */
function unitLabel(unit: string): string {
  if (unit === 'USD' || isPercentUnit(unit)) return '';
  return unit.startsWith('USD/') ? `$${unit.slice(3)}` : unit;
}

/** The tornado table: each item's low and high value, the output at each, and the swing, largest first. */
export function sensitivityText(t: SensitivityTable, maxWidth = DEFAULT_WIDTH): string {
  const what = t.statistic === 'total' ? `total of ${t.output} over the horizon (sum of daily means)` : `${t.statistic} of ${t.output} on ${t.at}`;
  const rows: string[][] = [['varied (one at a time)', 'low → high', `output at low`, `output at high`, 'swing']];
  for (const r of t.rows) rows.push([r.name, `${formatNumber(r.low)} → ${formatNumber(r.high)}`, formatValue(r.outputLow, t.unit), formatValue(r.outputHigh, t.unit), formatValue(r.swing, t.unit)]);
  return [wrapText(`sensitivity: ${what}; base ${formatValue(t.base, t.unit)}`, maxWidth), textTable(rows, { width: maxWidth, right: [2, 3, 4] })].join('\n');
}

/** The run in one line: paths, steps, seed, threads, time, scenario hash. */
function runLine(p: PointResult): string {
  const m = p.manifest;
  return `${formatNumber(m.paths)} paths × ${m.steps} steps of ${m.stepDays} day from ${m.startDate}, seed ${m.seed}, ${m.threads} thread(s), ${formatDuration(m.elapsedMs)}, scenario ${m.scenarioHash.slice(0, 12)}`;
}

/** The horizons shown: days within the run, plus its last day, and their steps. */
function horizons(p: PointResult): { days: number[]; steps: number[] } {
  const m = p.manifest;
  const horizonDays = m.steps * m.stepDays;
  const days = [...new Set([...HORIZONS_DAYS.filter((d) => d < horizonDays), horizonDays])];
  return { days, steps: days.map((d) => Math.min(m.steps, Math.round(d / m.stepDays))) };
}

/** The signals the summary shows and how: moving ones, steady ones, inputs; and how many it leaves out. */
function chooseSignals(p: PointResult, options: SummaryOptions): { moving: string[]; steady: string[]; inputs: string[]; hidden: number } {
  const roles = options.roles?.(p) ?? NO_ROLES;
  const names = Object.keys(p.signals);
  const match = options.signals ? signalMatcher(options.signals) : null;
  const shown = names.filter((n) => (match ? match(n) : roles.headline.size === 0 || roles.headline.has(n) || roles.inputs.has(n)));
  const moving: string[] = [];
  const steady: string[] = [];
  const inputs: string[] = [];
  for (const n of shown) {
    if (roles.inputs.has(n)) inputs.push(n);
    else (isSteady(p.signals[n], Math.min(1, p.manifest.steps)) ? steady : moving).push(n);
  }
  return { moving, steady, inputs, hidden: names.length - shown.length };
}

/** A signal's value, as an integer when it only takes whole values. */
function valueOf(s: SignalSummary): (v: number) => string {
  const integer = isIntegerValued(s);
  return (v) => formatValue(v, s.unit, { perUnit: false, integer });
}

/** Median with its 5–95% band, or one value when the band is a point. */
function bandText(s: SignalSummary, step: number): string {
  const f = valueOf(s);
  const [lo, mid, hi] = [s.p05[step], s.p50[step], s.p95[step]].map(f);
  return lo === hi ? mid : `${mid} [${lo} – ${hi}]`;
}

/** The names of the scenario's own events (its `events:`, the questions it asks). */
function ownEvents(p: PointResult): Set<string> {
  return new Set(((p.resolved?.events as { name: string }[] | undefined) ?? []).map((e) => e.name));
}

/** The scenario's own events (its questions) first, then the models' events, each in declared order. */
function orderedEvents(p: PointResult): [string, PointResult['events'][string]][] {
  const own = ownEvents(p);
  const all = Object.entries(p.events);
  return [...all.filter(([n]) => own.has(n)), ...all.filter(([n]) => !own.has(n))];
}

function eventsText(p: PointResult, maxWidth: number): string {
  const events = orderedEvents(p);
  if (!events.length) return 'events: none defined';
  const startYear = p.manifest.startDate.slice(0, 4);
  // 8 Feb, or 8 Feb 2027 once the year changes: short enough for 80 columns, never ambiguous
  const shortDate = (iso: string) => (iso.startsWith(startYear) ? formatDate(iso).replace(/ \d{4}$/, '') : formatDate(iso));
  const rows: string[][] = [['event', 'probability [95% CI]', 'median day', 'days 5–95%', 'meaning']];
  for (const [name, e] of events) {
    const ci = wilsonInterval(e.paths, p.manifest.paths);
    rows.push([
      name,
      `${formatProbability(e.probability)} [${formatProbability(ci.lo).replace('%', '')}–${formatProbability(ci.hi)}]`,
      e.day ? `${e.day.p50} (${shortDate(e.date!.p50)})` : 'never',
      e.day ? `${e.day.p05}–${e.day.p95}` : '—',
      e.description,
    ]);
  }
  const table = textTable(rows, { width: maxWidth, right: [1, 2, 3], wrapLast: 24 });
  if (table.split('\n')[0].includes('meaning')) return table;
  // too narrow for the meanings beside the numbers: under the table, those of the scenario's own
  // events (the question asked); the models' events read by their names, and --wide shows all
  const own = ownEvents(p);
  const listed = events.filter(([name]) => own.size === 0 || own.has(name));
  const meanings = listed.map(([name, e]) => wrapText(`${name}: ${e.description}`, maxWidth)).join('\n');
  const more = events.length > listed.length ? `\n${wrapText(`(the meanings of the ${events.length - listed.length} model events: --wide, or the report)`, maxWidth)}` : '';
  return `${table}\n\n${meanings}${more}`;
}

function pointText(p: PointResult, options: SummaryOptions): string {
  const maxWidth = options.width ?? DEFAULT_WIDTH;
  const lines: string[] = [wrapText(runLine(p), maxWidth), '', eventsText(p, maxWidth)];
  if (!options.eventsOnly) lines.push(signalsText(p, options, maxWidth));
  for (const [name, s] of Object.entries(p.signals)) if (s.nonFinite > 0) lines.push(wrapText(`warning: ${name} had ${s.nonFinite} non-finite values (left out of the statistics)`, maxWidth));
  return lines.join('\n');
}

function signalsText(p: PointResult, options: SummaryOptions, maxWidth: number): string {
  const { moving, steady, inputs, hidden } = chooseSignals(p, options);
  const { days, steps } = horizons(p);
  const lines: string[] = [];
  if (moving.length) {
    const rows: string[][] = [['signal', 'unit', 'at start', ...days.map((d) => `day ${d}: median [5% – 95%]`)]];
    for (const name of moving) {
      const s = p.signals[name];
      rows.push([name, unitLabel(s.unit), valueOf(s)(s.p50[0]), ...steps.map((step) => bandText(s, step))]);
    }
    const natural = rows[0].map((_, c) => Math.max(...rows.map((r) => width(r[c]))));
    const fits = natural.reduce((a, b) => a + b, 0) + GAP * (natural.length - 1) <= maxWidth;
    lines.push('', fits ? textTable(rows, { width: maxWidth }) : moving.map((n) => signalBlock(n, p.signals[n], days, steps, maxWidth)).join('\n\n'));
  }
  if (steady.length) {
    const rows: string[][] = [['steady signal (the same every day)', 'unit', 'median [5% – 95%]']];
    for (const name of steady) rows.push([name, unitLabel(p.signals[name].unit), bandText(p.signals[name], p.manifest.steps)]);
    lines.push('', textTable(rows, { width: maxWidth, wrapLast: 12 }));
  }
  if (inputs.length) {
    const rows: string[][] = [['input (from parameters, not simulated)', 'unit', 'median [5% – 95%]']];
    for (const name of inputs) rows.push([name, unitLabel(p.signals[name].unit), bandText(p.signals[name], p.manifest.steps)]);
    lines.push('', textTable(rows, { width: maxWidth, wrapLast: 12 }));
  }
  if (hidden > 0) {
    const how = options.signals ? `not matching ${options.signals}` : 'not headline';
    lines.push('', wrapText(`${hidden} more signals (${how}): --signals 'PATTERN' shows them (e.g. --signals 'btc.*'); every signal is in --json, the run store and the report`, maxWidth));
  }
  return lines.join('\n');
}

/** One signal in a narrow terminal: its name and start, then a day × (median, 5%, 95%) table. */
function signalBlock(name: string, s: SignalSummary, days: number[], steps: number[], maxWidth: number): string {
  const f = valueOf(s);
  const unit = unitLabel(s.unit);
  const head = `${name}${unit ? ` (${unit})` : ''} · start ${f(s.p50[0])}`;
  const rows = [['day', ...days.map(String)], ['median', ...steps.map((k) => f(s.p50[k]))], ['5%', ...steps.map((k) => f(s.p05[k]))], ['95%', ...steps.map((k) => f(s.p95[k]))]];
  const table = textTable(rows, { width: maxWidth - 2, right: days.map((_, k) => k + 1), rule: false });
  return [wrapText(head, maxWidth), ...table.split('\n').map((l) => (l ? `  ${l}` : l))].join('\n');
}

/** A sweep: the points in words, then events and headline signals side by side (one column per point). */
function sweepText(points: PointResult[], options: SummaryOptions): string {
  const maxWidth = options.width ?? DEFAULT_WIDTH;
  const first = points[0];
  const lines: string[] = [wrapText(`${points.length} sweep points; ${runLine(first).replace(/, scenario \w+$/, '')} each`, maxWidth), ''];
  points.forEach((p, k) => lines.push(wrapText(`#${k + 1}  ${sweepPointLabel(p.manifest.sweepValues, options.paramUnits)}`, maxWidth)));
  const head = ['', ...points.map((_, k) => `#${k + 1}`)];
  const events = orderedEvents(first).map(([name]) => name);
  if (events.length) {
    const rows = [['event: probability (median day)', ...head.slice(1)]];
    for (const e of events) rows.push([e, ...points.map((p) => (p.events[e] ? `${formatProbability(p.events[e].probability)}${p.events[e].day ? ` (${p.events[e].day!.p50})` : ''}` : '—'))]);
    lines.push('', textTable(rows, { width: maxWidth, right: points.map((_, k) => k + 1) }));
  }
  if (!options.eventsOnly) {
    const { moving, steady, inputs } = chooseSignals(first, options);
    const last = first.manifest.steps;
    const names = [...moving, ...steady, ...inputs].filter((n) => points.every((p) => p.signals[n]));
    if (names.length) {
      const rows = [[`signal: median on day ${last * first.manifest.stepDays}`, ...head.slice(1)]];
      for (const n of names) rows.push([n, ...points.map((p) => valueOf(p.signals[n])(p.signals[n].p50[last]))]);
      lines.push('', textTable(rows, { width: maxWidth, right: points.map((_, k) => k + 1) }));
    }
  }
  return lines.join('\n');
}
