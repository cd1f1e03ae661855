import type { EventSummary, SignalSummary } from '../results/types.js';
import { wilsonInterval } from '../results/wilson-interval.js';
import type { PointResult } from '../results/types.js';
import type { RunInfo, StoredRun } from '../store/store.js';
import { analysisView, isBlockRun, type AnalysisView } from './analysis-section.js';
import { eventDaysOption } from './charts/event-days.js';
import { fanOption, type ChartMarks, type FanInput } from './charts/fan.js';
import { shareOption } from './charts/share.js';
import { steadyOption } from './charts/steady.js';
import { sweepEventsOption, sweepSignalOption } from './charts/sweep.js';
import { classifySignal, firstPlottedStep, type SignalKind } from './classify.js';
import { formatDate, formatProbability, formatWithUnit } from './format.js';
import { NO_ROLES, type SignalRoles } from '../results/signal-roles.js';
import { isIntegerValued } from '../results/signal-shape.js';
import { sweepPointLabel } from '../results/sweep-label.js';
import type { SensitivityTable } from '../results/sensitivity.js';

/**
 * Everything the report shows, as plain data: texts, tables and chart specifications (ECharts
 * options, JSON apart from the `cascadeUnit` markers that {@link hydrate} turns into tick
 * formatters). The HTML report renders it on the server; a browser dashboard can render
 * the same model with ECharts in the page.
 */
export interface ReportModel {
  title: string;
  description: string;
  sources: string[];
  run: RunInfo;
  /** The run's sensitivity and discovery results (analysis-section.ts); null without. */
  analyses: AnalysisView | null;
  /** Sweep: a comparison of the points; null for a run without a sweep. */
  comparison: ComparisonView | null;
  /** Points with full detail (all of them unless the sweep is large; see `omittedPoints`). */
  points: PointView[];
  omittedPoints: number;
  schedule: { date: string; what: string }[];
  /** The first screen: what was asked, what happens, what drives it. */
  summary: SummaryView;
  reproduce: { command: string; manifest: [string, string][]; resolved: Record<string, unknown>[] };
}

/** The report's first screen. */
export interface SummaryView {
  /** The scenario in a sentence or two (its description). */
  question: string;
  /** The shocks and scheduled changes, in words, with their dates. */
  shocks: string[];
  /** Paths, horizon and start, in words. */
  setup: string;
  /** The scenario's own events (or, without any, the likeliest model events), with intervals and dates. */
  events: EventRow[];
  /** 4–6 fans: the signals the scenario's events watch, then headline signals. */
  charts: ChartView[];
  /** What drives it: the tornado table when the run has one, else the events in the order they happen. */
  drivers: { kind: 'sensitivity'; table: SensitivityTable } | { kind: 'sequence'; rows: { name: string; medianDay: number; date: string; probability: number }[] };
}

/** A chart: a title, a one-line reading, a caption, and its specification with a size. */
export interface ChartView {
  /** A small multiple (a model's non-headline signal): drawn small, band and median only. */
  small?: boolean;
  kind: SignalKind | 'event-days' | 'sweep-signal' | 'sweep-events';
  title: string;
  /** The key figures in words, e.g. "4 Aug 2026: median $48.7k · 90% of paths $18.9k – $113.7k". */
  reading: string;
  caption: string;
  spec: Record<string, unknown>;
  width: number;
  height: number;
}

/** One headline row: an event, how likely it is (with its Monte Carlo error) and when. */
export interface EventRow {
  name: string;
  description: string;
  probability: number;
  ci: { lo: number; hi: number };
  paths: number;
  /** Day and date of the 5%, 50% and 95% quantiles of the first day, among paths where it happens. */
  when: { p05: [number, string]; p50: [number, string]; p95: [number, string] } | null;
  /** From the scenario file (the analyst's question) rather than offered by a model. */
  fromScenario: boolean;
}

/** The signals of one model (grouped by the model that writes them), optionally by sub-key. */
export interface GroupView {
  model: string;
  title: string;
  subtitle: string;
  subgroups: { name: string; charts: ChartView[]; small: ChartView[]; steady: { signal: string; value: string }[]; inputs: { signal: string; value: string }[] }[];
  /** Charts in the model's section (large and small), for its heading. */
  chartCount: number;
}

export interface PointView {
  index: number;
  label: string;
  paths: number;
  events: EventRow[];
  eventCharts: ChartView[];
  groups: GroupView[];
}

export interface ComparisonView {
  /** The swept parameters (column headers) and each point's values. */
  parameters: string[];
  points: { index: number; values: string[]; /** The point in words: `open interest $61B`. */ label: string; events: Record<string, { probability: number; ci: { lo: number; hi: number }; medianDay: number | null }> }[];
  events: string[];
  eventChart: ChartView | null;
  /** Per model: one chart per moving signal, each point's median and 5/95% lines. */
  groups: { model: string; title: string; charts: ChartView[] }[];
  /** Signals that are steady at every point (steady-state outputs): each point's value, or median [5–95%]. */
  steady: { signal: string; model: string; values: string[] }[];
}

/** Options of {@link buildReportModel}. */
export interface ReportOptions {
  /** Only this point (0-based) of a sweep. */
  point?: number | null;
  /** Sweeps with more points show full detail for the first this many (default 6). */
  maxDetailPoints?: number;
  /** Sample paths per fan chart (default 3). */
  samplePaths?: number;
  /** Headline and parameter-derived signals (from the models' declarations); without: every signal full size. */
  roles?: SignalRoles;
  /** Units of swept parameters, for readable sweep labels. */
  paramUnits?: ReadonlyMap<string, string>;
}

const FAN = { width: 640, height: 290 };
const SMALL = { width: 320, height: 150 };
const SUMMARY_FAN = { width: 440, height: 230 };
/** Fans on the first screen. */
const SUMMARY_CHARTS = 6;
const SHARE = { width: 640, height: 220 };
const STEADY = { width: 640, height: 78 };

/** Splits a model title "BTC price: regime-switching …" into a heading and the rest. */
function splitTitle(title: string): [string, string] {
  const i = title.indexOf(': ');
  return i > 0 ? [title.slice(0, i), title.slice(i + 2)] : [title, ''];
}

/** `lender.blockfills.cash` → `blockfills` (its sub-key within the model); '' for two-part names. */
function subKey(signal: string): string {
  const parts = signal.split('.');
  return parts.length >= 3 ? parts.slice(1, -1).join('.') : '';
}

/** The names of the scenario's own events (its `events:`), in the order it declares them. */
function scenarioEvents(p: PointResult): string[] {
  return ((p.resolved.events as { name: string }[] | undefined) ?? []).map((e) => e.name);
}

/** Thresholds of the scenario's events (`when: btc.price < 60000`), by signal, from the conditions the run carries. */
function eventLevels(p: PointResult): Map<string, { value: number; label: string }[]> {
  const out = new Map<string, { value: number; label: string }[]>();
  for (const name of scenarioEvents(p)) {
    const c = p.conditions[name];
    if (c) out.set(c.signal, [...(out.get(c.signal) ?? []), { value: c.value, label: name }]);
  }
  return out;
}

/** The dated entries of the scenario's schedule, in words. */
function scheduleRows(resolved: Record<string, unknown>): { date: string; what: string }[] {
  const rows: { date: string; what: string }[] = [];
  for (const e of (resolved.schedule as Record<string, unknown>[] | undefined) ?? []) {
    const parts: string[] = [];
    for (const s of (e.shock as { signal: string; multiply?: unknown; add?: unknown }[] | undefined) ?? []) {
      parts.push(`shock ${s.signal}${s.multiply !== undefined ? ` × ${describeNumber(s.multiply)}` : ''}${s.add !== undefined ? ` + ${describeNumber(s.add)}` : ''}`);
    }
    for (const [k, v] of Object.entries((e.set as Record<string, unknown> | undefined) ?? {})) parts.push(`set ${k} = ${describeNumber(v)}`);
    const note = typeof e.note === 'string' ? e.note : '';
    rows.push({ date: String(e.at), what: [note, parts.join('; ')].filter(Boolean).join(' — ') });
  }
  return rows;
}

/** A number or a distribution in words: 0.8, uniform 0.8–0.86, lognormal median 0.48 σ 0.2. */
function describeNumber(v: unknown): string {
  if (typeof v !== 'object' || v === null) return String(v);
  const d = v as Record<string, unknown>;
  if (d.dist === 'uniform') return `uniform ${d.min}–${d.max}`;
  if (d.dist === 'normal') return `normal mean ${d.mean} sd ${d.sd}`;
  if (d.dist === 'lognormal') return `lognormal median ${d.median} σ ${d.sigma}`;
  if (d.dist === 'triangular') return `triangular ${d.min}/${d.mode}/${d.max}`;
  return JSON.stringify(v);
}

function eventRows(p: PointResult): EventRow[] {
  const fromScenario = new Set(scenarioEvents(p));
  const rows = Object.entries(p.events).map(([name, e]): EventRow => ({
    name,
    description: e.description,
    probability: e.probability,
    ci: wilsonInterval(e.paths, p.manifest.paths),
    paths: e.paths,
    when: e.day && e.date ? { p05: [e.day.p05, e.date.p05], p50: [e.day.p50, e.date.p50], p95: [e.day.p95, e.date.p95] } : null,
    fromScenario: fromScenario.has(name),
  }));
  // the scenario's own questions first, each part in the order it was declared
  return [...rows.filter((r) => r.fromScenario), ...rows.filter((r) => !r.fromScenario)];
}

function eventCharts(p: PointResult): ChartView[] {
  const m = p.manifest;
  const horizonDays = m.steps * m.stepDays;
  return Object.entries(p.events)
    // an event true at the start on every path where it happens has no timing to show
    .filter(([, e]) => e.paths > 0 && e.hitsByStep.slice(1).some((h) => h > 0))
    .map(([name, e]) => ({
      kind: 'event-days' as const,
      title: name,
      reading: eventReading(e),
      caption: `${e.description.replace(/\.$/, '')}. Above: share of all paths where it first happens in each interval (dashed: the median first day); below: probability it has happened by each date.`,
      spec: eventDaysOption({ event: e, paths: m.paths, startDate: m.startDate, stepDays: m.stepDays, horizonDays }),
      width: 640,
      height: 250,
    }));
}

function eventReading(e: EventSummary): string {
  const pct = formatProbability(e.probability);
  if (!e.day || !e.date) return `${pct} of paths`;
  return `${pct} of paths · median day ${e.day.p50} (${formatDate(e.date.p50)}) · 90% of those between day ${e.day.p05} and ${e.day.p95}`;
}

/** The words under a chart's title: the signal's values on the last date, and its tails. */
function signalReading(name: string, s: SignalSummary, p: PointResult, kind: SignalKind, small = false): string {
  const last = s.t.length - 1;
  const integer = isIntegerValued(s);
  const f = (v: number) => formatWithUnit(v, s.unit, { integer });
  if (kind === 'share') return `${formatDate(s.t[last])}: ${formatProbability(s.mean[last])} of paths · peak ${formatProbability(Math.max(...s.mean))}`;
  if (kind === 'steady-spread') {
    const k = firstPlottedStep(s) || Math.min(1, last);
    return `median ${f(s.p50[k])} · 90% of paths ${f(s.p05[k])} – ${f(s.p95[k])} · mean ${f(s.mean[k])}`;
  }
  const head = `${formatDate(s.t[last])}: median ${f(s.p50[last])} · 90% of paths ${f(s.p05[last])} – ${f(s.p95[last])}`;
  const t = p.terminal[name];
  return t && !small ? `${head} · mean of the lowest / highest 5% ${f(t.es05)} / ${f(t.es95)}` : head;
}

const CAPTIONS: Record<SignalKind, string> = {
  fan: 'Bands: 5–95% and 25–75% of paths on each date; line: median; dotted: mean; grey: sampled paths.',
  share: 'Share of paths where the indicator is 1 on each date (its mean).',
  'steady-spread': 'Same on every date, different across paths: box 25–75%, whiskers 5–95%, circles 1% and 99%, diamond mean.',
  'steady-value': '',
};

function groupViews(p: PointResult, run: RunInfo, opts: { samplePaths: number; roles: SignalRoles }): GroupView[] {
  const levels = eventLevels(p);
  const scheduleMarks: ChartMarks['dates'] = scheduleRows(p.resolved).map((r) => ({ date: r.date, label: r.what }));
  const titles = new Map(run.models.map((m) => [m.name, m.title] as const));
  const order = run.models.map((m) => m.name);
  const byModel = new Map<string, string[]>();
  for (const name of Object.keys(p.signals)) {
    const model = p.signals[name].model;
    byModel.set(model, [...(byModel.get(model) ?? []), name]);
  }
  const { roles } = opts;
  const models = [...byModel.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  return models.map((model) => {
    const [title, subtitle] = splitTitle(titles.get(model) ?? model);
    const subs = new Map<string, GroupView['subgroups'][number]>();
    for (const name of byModel.get(model)!) {
      const s = p.signals[name];
      const key = subKey(name);
      const sub = subs.get(key) ?? { name: key, charts: [], small: [], steady: [], inputs: [] };
      subs.set(key, sub);
      if (roles.inputs.has(name)) {
        sub.inputs.push({ signal: name, value: steadyText(s) });
        continue;
      }
      const kind = classifySignal(s);
      if (kind === 'steady-value') {
        sub.steady.push({ signal: name, value: steadyText(s) });
        continue;
      }
      // without declarations every signal is a headline one
      const small = roles.headline.size > 0 && !roles.headline.has(name) && kind !== 'steady-spread';
      // sections draw fewer sample paths than the first screen's fans: the picture is the same, the page smaller
      sub[small ? 'small' : 'charts'].push(signalChart(name, p, kind, { marks: { dates: scheduleMarks, levels: levels.get(name) }, samplePaths: Math.min(2, opts.samplePaths), small }));
    }
    // moving signals first, then indicators, then steady distributions
    const weight: Record<string, number> = { fan: 0, share: 1, 'steady-spread': 2 };
    for (const sub of subs.values()) sub.charts.sort((a, b) => weight[a.kind] - weight[b.kind]);
    const subgroups = [...subs.values()].sort((a, b) => (a.name === '' ? -1 : b.name === '' ? 1 : 0));
    return { model, title, subtitle, subgroups, chartCount: subgroups.reduce((n, g) => n + g.charts.length + g.small.length, 0) };
  });
}

/** One signal's chart: a fan, a share of paths or a distribution; small (band and median) for a small multiple. */
function signalChart(name: string, p: PointResult, kind: Exclude<SignalKind, 'steady-value'>, o: { marks: ChartMarks; samplePaths: number; small: boolean; size?: { width: number; height: number } }): ChartView {
  const s = p.signals[name];
  const samples = o.small ? [] : p.samples.slice(0, o.samplePaths).flatMap((x) => (x.values[name] ? [x.values[name]] : []));
  // a real series the scenario names (`reference:`) is drawn over the fan, small or not
  const reference = (p.resolved.reference as Record<string, FanInput['reference']> | undefined)?.[name];
  const spec = kind === 'fan' ? fanOption({ signal: s, samples, marks: o.marks, compact: o.small, reference }) : kind === 'share' ? shareOption(s, o.marks, o.small) : steadyOption(s);
  const size = o.size ?? (o.small && kind !== 'steady-spread' ? SMALL : kind === 'fan' ? FAN : kind === 'share' ? SHARE : STEADY);
  return { kind, small: o.small || undefined, title: name, reading: signalReading(name, s, p, kind, o.small), caption: o.small ? '' : CAPTIONS[kind], spec, ...size };
}

/** The first screen's fans: the signals the scenario's events watch, then headline signals, at most six. */
function summaryCharts(p: PointResult, roles: SignalRoles, samplePaths: number): ChartView[] {
  const watched = scenarioEvents(p).map((e) => p.conditions[e]?.signal).filter((n): n is string => !!n && !!p.signals[n]);
  const names = [...new Set([...watched, ...Object.keys(p.signals).filter((n) => roles.headline.has(n))])];
  const levels = eventLevels(p);
  const dates = scheduleRows(p.resolved).map((r) => ({ date: r.date, label: r.what }));
  const out: ChartView[] = [];
  for (const name of names) {
    const kind = classifySignal(p.signals[name]);
    if (kind !== 'fan' && kind !== 'share') continue;
    const c = signalChart(name, p, kind, { marks: { dates, levels: levels.get(name) }, samplePaths, small: false, size: SUMMARY_FAN });
    // the first screen's reading: the last date's median and band, no tails
    out.push({ ...c, reading: c.reading.replace(/ · mean of the lowest.*$/, ''), caption: '' });
    if (out.length === SUMMARY_CHARTS) break;
  }
  return out;
}

/** The first screen of a point: the question, the headline events, the fans, the drivers. */
function summaryView(p: PointResult, description: string, sensitivity: SensitivityTable | undefined, roles: SignalRoles, samplePaths: number): SummaryView {
  const m = p.manifest;
  const rows = eventRows(p);
  const own = rows.filter((r) => r.fromScenario);
  const events = own.length ? own : [...rows].sort((a, b) => b.probability - a.probability).slice(0, 6);
  const sequence = rows
    .filter((r) => r.when && r.probability >= 0.05)
    .sort((a, b) => a.when!.p50[0] - b.when!.p50[0])
    .map((r) => ({ name: r.name, medianDay: r.when!.p50[0], date: r.when!.p50[1], probability: r.probability }));
  return {
    question: description,
    shocks: scheduleRows(p.resolved)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .map((r) => `${formatDate(r.date)}: ${r.what}`),
    setup: `${m.paths.toLocaleString('en-US')} Monte Carlo paths over ${m.steps * m.stepDays} days from ${formatDate(m.startDate)}`,
    events,
    charts: summaryCharts(p, roles, samplePaths),
    drivers: sensitivity ? { kind: 'sensitivity', table: sensitivity } : { kind: 'sequence', rows: sequence },
  };
}

/** A steady signal's value in words: one number, or its median and 90% band across paths. */
function steadyText(s: SignalSummary): string {
  const k = firstPlottedStep(s) || Math.min(1, s.t.length - 1);
  const integer = isIntegerValued(s);
  const f = (v: number) => formatWithUnit(v, s.unit, { integer });
  return classifySignal(s) === 'steady-value' ? f(s.p50[k]) : `${f(s.p50[k])} [${f(s.p05[k])} – ${f(s.p95[k])}]`;
}

function rank(order: string[], model: string): number {
  const i = order.indexOf(model);
  return i < 0 ? order.length : i;
}

function comparisonView(points: PointResult[], run: RunInfo, roles: SignalRoles, paramUnits: ReadonlyMap<string, string>): ComparisonView {
  const parameters = Object.keys(points[0].manifest.sweepValues);
  const events = eventRows(points[0]).map((r) => r.name);
  const view: ComparisonView = {
    parameters,
    events,
    points: points.map((p, index) => ({
      index,
      values: parameters.map((k) => JSON.stringify(p.manifest.sweepValues[k])),
      label: sweepPointLabel(p.manifest.sweepValues, paramUnits),
      events: Object.fromEntries(
        Object.entries(p.events).map(([name, e]) => [name, { probability: e.probability, ci: wilsonInterval(e.paths, p.manifest.paths), medianDay: e.day?.p50 ?? null }]),
      ),
    })),
    eventChart: events.length
      ? {
          kind: 'sweep-events',
          title: 'Event probabilities by sweep point',
          reading: '',
          caption: 'Probability that each event happens within the horizon, one bar per sweep point (colours as in the key above).',
          spec: sweepEventsOption(
            events,
            points.map((p) => p.events),
          ),
          width: 960,
          height: Math.max(160, 40 + events.length * (points.length * 14 + 16)),
        }
      : null,
    groups: [],
    steady: [],
  };
  const titles = new Map(run.models.map((m) => [m.name, m.title] as const));
  const groups = new Map<string, ChartView[]>();
  for (const name of Object.keys(points[0].signals)) {
    const series = points.map((p) => p.signals[name]).filter(Boolean);
    if (series.length !== points.length) continue;
    const kinds = series.map(classifySignal);
    if (kinds.every((k) => k === 'steady-value' || k === 'steady-spread')) {
      view.steady.push({ signal: name, model: series[0].model, values: series.map(steadyText) });
      continue;
    }
    if (kinds.every((k) => k !== 'fan')) continue;
    // the headline signals compare across points; the rest are in each point's sections
    if (roles.headline.size && !roles.headline.has(name)) continue;
    const model = series[0].model;
    const last = series[0].t.length - 1;
    const reading = series.map((s, k) => `#${k + 1} ${formatWithUnit(s.p50[last], s.unit)}`).join(' · ');
    groups.set(model, [
      ...(groups.get(model) ?? []),
      { kind: 'sweep-signal', title: name, reading: `median on ${formatDate(series[0].t[last])}: ${reading}`, caption: 'Solid: median; dashed: 5% and 95% of paths.', spec: sweepSignalOption(series), ...FAN },
    ]);
  }
  const order = run.models.map((m) => m.name);
  view.groups = [...groups.entries()].sort(([a], [b]) => rank(order, a) - rank(order, b)).map(([model, charts]) => ({ model, title: splitTitle(titles.get(model) ?? model)[0], charts }));
  return view;
}

/** Builds the report's content from a stored run. Pure: the same run gives the same model. */
export function buildReportModel(stored: StoredRun, options: ReportOptions = {}): ReportModel {
  const { info, result } = stored;
  const all = result.points;
  // a sensitivity block's runs are summarised by its analysis, not compared as a sweep: the report details the scenario as written
  const whole = all.some(isBlockRun) ? [{ p: all[0], index: 0 }] : all.map((p, index) => ({ p, index }));
  const chosen = options.point === null || options.point === undefined ? whole : [{ p: all[options.point], index: options.point }];
  const maxDetail = options.maxDetailPoints ?? 6;
  const detailed = chosen.length > maxDetail ? chosen.slice(0, maxDetail) : chosen;
  const samplePaths = options.samplePaths ?? 3;
  const roles = options.roles ?? NO_ROLES;
  const sensitivity = result.sensitivity ?? all.find((p) => p.sensitivity)?.sensitivity;
  const first = chosen[0].p;
  const m = first.manifest;
  const manifest: [string, string][] = [
    ['run', info.id],
    ['created', info.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')],
    ['Cascade version', `${info.cascadeVersion} (result code ${info.codeHash})`],
    ['scenario', `${info.scenario} (${info.file})`],
    ['points', chosen.length === 1 ? `${chosen[0].index + 1} of ${all.length}${all.length === 1 ? '' : ` — ${m.point}`}` : `${all.length}`],
    ['scenario hash (SHA-256 of the resolved scenario)', chosen.length === 1 ? m.scenarioHash : chosen.map(({ p, index }) => `#${index + 1} ${p.manifest.scenarioHash}`).join('\n')],
    ['seed', String(m.seed)],
    ['paths × steps', `${m.paths.toLocaleString('en-US')} × ${m.steps} steps of ${m.stepDays} day${m.stepDays === 1 ? '' : 's'} from ${m.startDate}`],
    ['threads, time', `${info.threads ?? m.threads} thread(s), ${((info.elapsedMs ?? m.elapsedMs) / 1000).toFixed(1)} s`],
    ['command', info.command],
  ];
  const reused = chosen.map(({ p, index }) => info.pointInfo[index]?.reusedFrom && `point ${index + 1} ${p.manifest.point}: reused from ${info.pointInfo[index].reusedFrom}`).filter(Boolean);
  if (reused.length) manifest.push(['reused (not recomputed)', reused.join('\n')]);
  return {
    title: result.name,
    description: result.description,
    sources: info.sources,
    run: info,
    analyses: options.point === null || options.point === undefined ? analysisView(result) : null,
    comparison: chosen.length > 1 ? comparisonView(chosen.map((c) => c.p), info, roles, options.paramUnits ?? new Map()) : null,
    summary: summaryView(first, result.description, sensitivity, roles, samplePaths),
    points: detailed.map(({ p, index }) => ({
      index,
      label: p.manifest.point,
      paths: p.manifest.paths,
      events: eventRows(p),
      eventCharts: eventCharts(p),
      groups: groupViews(p, info, { samplePaths, roles }),
    })),
    omittedPoints: chosen.length - detailed.length,
    schedule: scheduleRows(first.resolved),
    reproduce: {
      command: `npx cascade run ${info.file} --seed ${m.seed} --paths ${m.paths}`,
      manifest,
      resolved: chosen.map(({ p }) => p.resolved),
    },
  };
}
