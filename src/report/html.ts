import { stringify } from 'yaml';
import { analysisSectionHtml } from './analysis-section.js';
import { pointColor } from './charts/sweep.js';
import { formatValue } from '../results/format.js';
import { formatDate, formatDuration, formatProbability } from './format.js';
import type { ChartView, ComparisonView, EventRow, GroupView, PointView, ReportModel, SummaryView } from './report-model.js';
import { renderSvg } from './render-svg.js';
import { REPORT_CSS } from './styles.js';

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An id usable in a URL fragment. */
function anchor(...parts: (string | number)[]): string {
  return parts.join('-').replace(/[^\w-]+/g, '-');
}

function chart(c: ChartView): string {
  const svg = renderSvg(c.spec, c.width, c.height);
  return `<figure class="chart card${c.small ? ' small' : ''}" data-chart="${esc(c.kind)}" data-title="${esc(c.title)}">
<h4>${esc(c.title)}</h4>${c.reading ? `<p class="reading">${esc(c.reading)}</p>` : ''}
${svg}
${c.caption ? `<figcaption>${esc(c.caption)}</figcaption>` : ''}
</figure>`;
}

function dayCell(d: [number, string]): string {
  return `day ${d[0]}<span class="d">${esc(formatDate(d[1]))}</span>`;
}

function headlineTable(rows: EventRow[], paths: number): string {
  if (!rows.length) return '<p class="note">This scenario defines no events.</p>';
  const body = rows
    .map((r) => {
      const pct = formatProbability(r.probability);
      const ci = `95% CI ${formatProbability(r.ci.lo)} – ${formatProbability(r.ci.hi)}`;
      const when = r.when
        ? `<td class="num when">${dayCell(r.when.p05)}</td><td class="num when"><b>${dayCell(r.when.p50)}</b></td><td class="num when">${dayCell(r.when.p95)}</td>`
        : `<td class="num never" colspan="3">did not happen on any of ${paths.toLocaleString('en-US')} paths</td>`;
      return `<tr><td class="name">${esc(r.name)}${r.fromScenario ? '' : '<span class="pill model">model</span>'}</td><td class="desc">${esc(r.description)}</td>
<td class="num"><div class="prob"><span class="bar"><i style="width:${(r.probability * 100).toFixed(2)}%"></i></span><b>${pct}</b></div><span class="ci">${ci}</span></td>${when}</tr>`;
    })
    .join('\n');
  return `<div class="card"><table class="headline">
<thead><tr><th>Event</th><th>Meaning</th><th class="num">Probability within horizon</th><th class="num">Early (5%)</th><th class="num">Median day</th><th class="num">Late (95%)</th></tr></thead>
<tbody>${body}</tbody></table></div>`;
}

function tiles(items: { signal: string; value: string }[]): string {
  return `<div class="tiles">${items.map((s) => `<div class="tile card" data-signal="${esc(s.signal)}"><span class="k">${esc(s.signal)}</span><span class="v">${esc(s.value)}</span></div>`).join('')}</div>`;
}

/** A model's section, folded: its headline charts, small multiples of the rest, steady values and inputs. */
function groupSection(g: GroupView, idPrefix: string): string {
  const parts = g.subgroups.map((sub) => {
    const head = sub.name ? `<h3 class="subhead">${esc(g.model)}.${esc(sub.name)}.*</h3>` : '';
    const charts = sub.charts.length ? `<div class="grid">${sub.charts.map(chart).join('\n')}</div>` : '';
    const small = sub.small.length ? `<h3>More signals <span class="note">(5–95% band and median)</span></h3><div class="grid small">${sub.small.map(chart).join('\n')}</div>` : '';
    const steady = sub.steady.length ? `<h3>Steady values <span class="note">(the same on every date and every path)</span></h3>${tiles(sub.steady)}` : '';
    const inputs = sub.inputs.length ? `<h3>Inputs <span class="note">(computed from the parameters alone: assumptions, not simulated outcomes)</span></h3>${tiles(sub.inputs)}` : '';
    return head + charts + small + steady + inputs;
  });
  const count = g.chartCount ? `${g.chartCount} chart${g.chartCount === 1 ? '' : 's'}` : 'values only';
  return `<details class="model" id="${anchor(idPrefix, g.model)}"><summary><h2>${esc(g.title)}<span class="tag">${esc(g.model)}</span></h2><span class="sub">${g.subtitle ? `${esc(g.subtitle)} · ` : ''}${count}</span></summary>${parts.join('\n')}</details>`;
}

function pointSections(p: PointView, single: boolean): string {
  const id = single ? 'p' : `p${p.index + 1}`;
  const timing = p.eventCharts.length
    ? `<details class="model"><summary><h3>When events first happen</h3><span class="sub">${p.eventCharts.length} charts</span></summary><div class="grid">${p.eventCharts.map(chart).join('\n')}</div></details>`
    : '';
  const events = `<section id="${id}-events"><h2>Every event: how likely, and when</h2>
<p class="sub">Probability over ${p.paths.toLocaleString('en-US')} Monte Carlo paths that each event happens within the horizon (with its 95% Wilson interval), and the day it first happens among the paths where it does.</p>
${headlineTable(p.events, p.paths)}
${timing}</section>`;
  return events + `<section id="${id}-models"><h2>By model</h2><p class="sub">Each model's headline signals full size, the others as small multiples; click a model to open it.</p>${p.groups.map((g) => groupSection(g, id)).join('\n')}</section>`;
}

/** Events in the first screen's sequence. */
const SEQUENCE_ROWS = 10;

/** The first screen: what was asked, what happens (headline events, a few fans), what drives it. */
function summarySection(s: SummaryView, paths: number, sweep: string | null): string {
  const shocks = s.shocks.length ? `<ul class="shocks">${s.shocks.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : '';
  const drivers =
    s.drivers.kind === 'sensitivity'
      ? (() => {
          const t = s.drivers.table;
          const top = Math.max(...t.rows.map((r) => r.swing), 1e-300);
          return `<p class="sub">One item at a time from low to high: the change in the ${esc(t.statistic)} of <span class="mono">${esc(t.output)}</span> (base ${esc(formatValue(t.base, t.unit))}).</p><table class="tornado">${t.rows
            .slice(0, 8)
            .map((r) => `<tr><td>${esc(r.name)}</td><td class="num">${esc(formatValue(r.outputLow, t.unit))} → ${esc(formatValue(r.outputHigh, t.unit))}</td><td class="barcell"><span class="bar"><i style="width:${((r.swing / top) * 100).toFixed(1)}%"></i></span></td></tr>`)
            .join('')}</table>`;
        })()
      : s.drivers.rows.length
        ? `<p class="note">The chain as it unfolds: events on at least 5% of paths, by median first day${s.drivers.rows.length > SEQUENCE_ROWS ? ` (the first ${SEQUENCE_ROWS} of ${s.drivers.rows.length})` : ''}.</p><ul class="sequence">${s.drivers.rows
            .slice(0, SEQUENCE_ROWS)
            .map((r) => `<li title="${esc(formatDate(r.date))}"><span class="d">day ${r.medianDay}</span> <span class="mono">${esc(r.name)}</span> <b>${formatProbability(r.probability)}</b></li>`)
            .join('')}</ul>`
        : '<p class="note">No event happens on 5% of paths or more.</p>';
  return `<section id="summary" class="summary"><h2>At a glance</h2>
<div class="glance">
<div class="card pad asked"><h3>What was asked</h3><p>${esc(s.question)}</p>${shocks}<p class="note">${esc(s.setup)}</p></div>
<div class="card pad drivers"><h3>What drives it${sweep ? ` <span class="note">(at ${esc(sweep)})</span>` : ''}</h3>${drivers}</div>
</div>
${
  sweep
    ? '<p class="note">What happens at each point of the sweep is the comparison below.</p>'
    : `<h3>What happens</h3>
${headlineTable(s.events, paths)}
${s.charts.length ? `<div class="grid summary-charts">${s.charts.map(chart).join('\n')}</div>` : ''}`
}
</section>`;
}

function comparisonSection(c: ComparisonView): string {
  const keys = `<ul class="keys">${c.points.map((p) => `<li><i style="background:${pointColor(p.index)}"></i><b>#${p.index + 1}</b> ${esc(p.label)}</li>`).join('')}</ul>`;
  const swatch = (k: number) => `<i style="display:inline-block;width:10px;height:10px;border-radius:2px;background:${pointColor(k)};margin-right:6px"></i>`;
  const head = `<tr><th>Event</th>${c.points.map((p) => `<th class="num" title="${esc(p.label)}">${swatch(p.index)}#${p.index + 1}</th>`).join('')}</tr>`;
  const rows = c.events
    .map(
      (e) =>
        `<tr><td class="name mono">${esc(e)}</td>${c.points
          .map((p) => {
            const x = p.events[e];
            if (!x) return '<td class="cell">—</td>';
            const alpha = (0.04 + 0.5 * x.probability).toFixed(2);
            return `<td class="cell" style="background:rgba(185,28,28,${alpha})"><b>${formatProbability(x.probability)}</b><span class="ci">${x.medianDay === null ? 'never' : `median day ${x.medianDay}`}</span></td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  return `<section id="compare"><h2>Sweep: the points side by side</h2>
<p class="sub">One column per point of the sweep (${esc(c.parameters.join(', '))}, as listed below); cells are the probability of each event within the horizon (darker = likelier) and its median first day.</p>
${keys}<div class="card" style="overflow:auto"><table class="heat"><thead>${head}</thead><tbody>${rows}</tbody></table></div>
${c.eventChart ? `<div class="grid wide" style="margin-top:16px">${chart(c.eventChart)}</div>` : ''}
${c.groups.length ? `<details class="model"><summary><h3>Headline signals by point</h3><span class="sub">${c.groups.reduce((n, g) => n + g.charts.length, 0)} charts</span></summary>${keys}${c.groups.map((g) => `<h3>${esc(g.title)} <span class="pill model">${esc(g.model)}</span></h3><div class="grid">${g.charts.map(chart).join('\n')}</div>`).join('\n')}</details>` : ''}
${steadyComparison(c)}
</section>`;
}

/** Steady outputs (the same on every date) side by side: one row per signal, one column per point. */
function steadyComparison(c: ComparisonView): string {
  if (!c.steady.length) return '';
  const head = `<tr><th>Steady output</th>${c.points.map((p) => `<th class="num" title="${esc(p.label)}">#${p.index + 1}</th>`).join('')}</tr>`;
  const rows = c.steady.map((s) => `<tr><td class="name mono">${esc(s.signal)}</td>${s.values.map((v) => `<td class="num">${esc(v)}</td>`).join('')}</tr>`).join('');
  return `<h3>Steady outputs by point <span class="note">(the same on every date: one value, or median [5% – 95%] across paths)</span></h3><div class="card" style="overflow:auto"><table class="heat"><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

/** Renders the report model as one self-contained HTML page: inline CSS, inline SVG charts, no scripts, no network. */
export function renderReportHtml(m: ReportModel): string {
  const first = m.points[0];
  const p0 = m.reproduce.resolved[0] as { start?: string; horizonDays?: number; paths?: number; seed?: number };
  const single = m.comparison === null;
  const facts = [
    ['paths', (p0.paths ?? first?.paths ?? 0).toLocaleString('en-US')],
    ['horizon', `${p0.horizonDays} day${p0.horizonDays === 1 ? '' : 's'} from ${formatDate(String(p0.start))}`],
    ['seed', String(p0.seed)],
    ...(single ? [] : [['sweep points', String(m.run.points)]]),
    ['run', m.run.id],
    ['run at', m.run.createdAt.slice(0, 16).replace('T', ' ') + ' UTC'],
    ['took', formatDuration(m.run.elapsedMs ?? 0)],
  ];
  const nav: [string, string][] = [['#summary', 'At a glance']];
  if (m.comparison) nav.push(['#compare', 'Sweep comparison']);
  if (m.analyses) nav.push(['#sensitivity', 'Sensitivity']);
  for (const p of m.points) {
    const id = single ? 'p' : `p${p.index + 1}`;
    if (single) {
      nav.push([`#${id}-events`, 'Events'], [`#${id}-models`, 'Models']);
    } else nav.push([`#${id}`, `Point #${p.index + 1}`]);
  }
  nav.push(['#scenario', 'Scenario'], ['#reproduce', 'Reproduce']);
  const details = single
    ? pointSections(first, true)
    : m.points
        .map(
          (p, k) =>
            `<details class="point" id="p${p.index + 1}"${k === 0 ? ' open' : ''}><summary>Point #${p.index + 1}: ${esc(m.comparison?.points.find((c) => c.index === p.index)?.label ?? p.label)}</summary>${pointSections(p, false)}</details>`,
        )
        .join('\n') + (m.omittedPoints ? `<p class="note">${m.omittedPoints} more point(s) are in the comparison above; \`cascade report ${m.run.id}/K\` writes the full report of point K.</p>` : '');
  const schedule = m.schedule.length
    ? `<h3>Scheduled changes <span class="note">(dashed amber lines on the charts)</span></h3><div class="card"><table><thead><tr><th>Date</th><th>What</th></tr></thead><tbody>${m.schedule
        .map((s) => `<tr><td class="num">${esc(formatDate(s.date))}</td><td>${esc(s.what)}</td></tr>`)
        .join('')}</tbody></table></div>`
    : '';
  const sources = m.sources.length ? `<h3>Sources and assumptions</h3><ul class="sources">${m.sources.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : '';
  const resolved = m.reproduce.resolved.length === 1 ? stringify(m.reproduce.resolved[0]) : stringify(m.reproduce.resolved);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Cascade ${esc(m.run.cascadeVersion)}">
<title>${esc(m.title)} — Cascade stress test</title>
<style>${REPORT_CSS}</style></head>
<body>
<header class="top"><div class="wrap">
<div class="eyebrow">Cascade · Monte Carlo stress test</div>
<h1>${esc(m.title)}</h1>
<ul class="facts">${facts.map(([k, v]) => `<li>${esc(k)} <b>${esc(v)}</b></li>`).join('')}</ul>
</div></header>
<nav class="toc"><div class="wrap">${nav.map(([href, label]) => `<a href="${href}">${esc(label)}</a>`).join('')}</div></nav>
<main class="wrap">
${summarySection(m.summary, first?.paths ?? 0, m.comparison ? `point #1, ${m.comparison.points[0]?.label ?? ''}` : null)}
${m.comparison ? comparisonSection(m.comparison) : ''}
${m.analyses ? analysisSectionHtml(m.analyses) : ''}
${details}
<section id="scenario"><h2>Scenario</h2>
<p class="sub">${esc(m.run.scenario)} — <span class="mono">${esc(m.run.file)}</span></p>
${schedule}
${sources}
</section>
<section id="reproduce"><h2>Reproduce this result</h2>
<p class="sub">Same resolved scenario and seed ⇒ bit-identical numbers on any number of threads. The hash below covers the scenario exactly as resolved (every default filled in).</p>
<pre>${esc(m.reproduce.command)}</pre>
<div class="card"><table class="kv"><tbody>${m.reproduce.manifest.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table></div>
<h3>Resolved scenario</h3>
<pre>${esc(resolved)}</pre>
</section>
</main>
<footer><div class="wrap">Cascade ${esc(m.run.cascadeVersion)} · run ${esc(m.run.id)} · Bands and quantiles are spreads across Monte Carlo paths, not the error of the estimate; event probabilities carry 95% Wilson intervals for that error. Quantiles are from mergeable sketches with the scenario's stated relative accuracy.</div></footer>
</body></html>
`;
}
