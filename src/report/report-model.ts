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
import { formatDate, formatWithUnit } from './format.js';

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
  reproduce: { command: string; manifest: [string, string][]; resolved: Record<string, unknown>[] };
}

/** A chart: a title, a one-line reading, a caption, and its specification with a size. */
export interface ChartView {
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
  subgroups: { name: string; charts: ChartView[]; steady: { signal: string; value: string }[] }[];
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
  points: { index: number; values: string[]; events: Record<string, { probability: number; ci: { lo: number; hi: number }; medianDay: number | null }> }[];
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
  /** Sample paths per fan chart (default 5). */
  samplePaths?: number;
}

const FAN = { width: 640, height: 290 };
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
      caption: `${e.description.replace(/\.$/, '')}. Bars: share of all paths where it first happens in that interval; line: probability it has happened by each date; dashed: the median first day.`,
      spec: eventDaysOption({ event: e, paths: m.paths, startDate: m.startDate, stepDays: m.stepDays, horizonDays }),
      width: 640,
      height: 230,
    }));
}

function eventReading(e: EventSummary): string {
  const pct = `${(e.probability * 100).toFixed(e.probability < 0.1 ? 2 : 1)}%`;
  if (!e.day || !e.date) return `${pct} of paths`;
  return `${pct} of paths · median day ${e.day.p50} (${formatDate(e.date.p50)}) · 90% of those between day ${e.day.p05} and ${e.day.p95}`;
}

/** The words under a chart's title: the signal's values on the last date, and its tails. */
function signalReading(name: string, s: SignalSummary, p: PointResult, kind: SignalKind): string {
  const last = s.t.length - 1;
  const f = (v: number) => formatWithUnit(v, s.unit);
  if (kind === 'share') return `${formatDate(s.t[last])}: ${(s.mean[last] * 100).toFixed(1)}% of paths · peak ${(Math.max(...s.mean) * 100).toFixed(1)}%`;
  if (kind === 'steady-spread') {
    const k = firstPlottedStep(s) || Math.min(1, last);
    return `median ${f(s.p50[k])} · 90% of paths ${f(s.p05[k])} – ${f(s.p95[k])} · mean ${f(s.mean[k])}`;
  }
  const head = `${formatDate(s.t[last])}: median ${f(s.p50[last])} · 90% of paths ${f(s.p05[last])} – ${f(s.p95[last])}`;
  const t = p.terminal[name];
  return t ? `${head} · mean of the lowest / highest 5% ${f(t.es05)} / ${f(t.es95)}` : head;
}

const CAPTIONS: Record<SignalKind, string> = {
  fan: 'Bands: 5–95% and 25–75% of paths on each date; line: median; dotted: mean; grey: sampled paths.',
  share: 'Share of paths where the indicator is 1 on each date (its mean).',
  'steady-spread': 'Same on every date, different across paths: box 25–75%, whiskers 5–95%, circles 1% and 99%, diamond mean.',
  'steady-value': '',
};

function groupViews(p: PointResult, run: RunInfo, opts: Required<Pick<ReportOptions, 'samplePaths'>>): GroupView[] {
  const levels = eventLevels(p);
  const scheduleMarks: ChartMarks['dates'] = scheduleRows(p.resolved).map((r) => ({ date: r.date, label: r.what }));
  const titles = new Map(run.models.map((m) => [m.name, m.title] as const));
  const order = run.models.map((m) => m.name);
  const byModel = new Map<string, string[]>();
  for (const name of Object.keys(p.signals)) {
    const model = p.signals[name].model;
    byModel.set(model, [...(byModel.get(model) ?? []), name]);
  }
  const models = [...byModel.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  return models.map((model) => {
    const [title, subtitle] = splitTitle(titles.get(model) ?? model);
    const subs = new Map<string, GroupView['subgroups'][number]>();
    for (const name of byModel.get(model)!) {
      const s = p.signals[name];
      const key = subKey(name);
      const sub = subs.get(key) ?? { name: key, charts: [], steady: [] };
      subs.set(key, sub);
      const kind = classifySignal(s);
      if (kind === 'steady-value') {
        sub.steady.push({ signal: name, value: steadyText(s) });
        continue;
      }
      const marks: ChartMarks = { dates: scheduleMarks, levels: levels.get(name) };
      const samples = p.samples.slice(0, opts.samplePaths).flatMap((x) => (x.values[name] ? [x.values[name]] : []));
      const reference = (p.resolved.reference as Record<string, FanInput['reference']> | undefined)?.[name];
      const spec = kind === 'fan' ? fanOption({ signal: s, samples, marks, reference }) : kind === 'share' ? shareOption(s, marks) : steadyOption(s);
      const size = kind === 'fan' ? FAN : kind === 'share' ? SHARE : STEADY;
      sub.charts.push({ kind, title: name, reading: signalReading(name, s, p, kind), caption: CAPTIONS[kind], spec, ...size });
    }
    // moving signals first, then indicators, then steady distributions
    const weight: Record<string, number> = { fan: 0, share: 1, 'steady-spread': 2 };
    for (const sub of subs.values()) sub.charts.sort((a, b) => weight[a.kind] - weight[b.kind]);
    return { model, title, subtitle, subgroups: [...subs.values()].sort((a, b) => (a.name === '' ? -1 : b.name === '' ? 1 : 0)) };
  });
}

/** A steady signal's value in words: one number, or its median and 90% band across paths. */
function steadyText(s: SignalSummary): string {
  const k = firstPlottedStep(s) || Math.min(1, s.t.length - 1);
  const f = (v: number) => formatWithUnit(v, s.unit);
  return classifySignal(s) === 'steady-value' ? f(s.p50[k]) : `${f(s.p50[k])} [${f(s.p05[k])} – ${f(s.p95[k])}]`;
}

function rank(order: string[], model: string): number {
  const i = order.indexOf(model);
  return i < 0 ? order.length : i;
}

function comparisonView(points: PointResult[], run: RunInfo): ComparisonView {
  const parameters = Object.keys(points[0].manifest.sweepValues);
  const events = eventRows(points[0]).map((r) => r.name);
  const view: ComparisonView = {
    parameters,
    events,
    points: points.map((p, index) => ({
      index,
      values: parameters.map((k) => JSON.stringify(p.manifest.sweepValues[k])),
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
  const samplePaths = options.samplePaths ?? 5;
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
    comparison: chosen.length > 1 ? comparisonView(chosen.map((c) => c.p), info) : null,
    points: detailed.map(({ p, index }) => ({
      index,
      label: p.manifest.point,
      paths: p.manifest.paths,
      events: eventRows(p),
      eventCharts: eventCharts(p),
      groups: groupViews(p, info, { samplePaths }),
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
