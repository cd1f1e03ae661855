import type { Comparison } from '../analysis/compare.js';
import { runLetter } from '../analysis/compare-text.js';
import { pointColor, sweepSignalOption } from './charts/sweep.js';
import { QUANTILE_KEYS } from '../results/quantiles.js';
import { classifySignal } from './classify.js';
import { formatDate, formatPercent, formatWithUnit } from './format.js';
import { esc } from './html.js';
import { renderSvg } from './render-svg.js';
import { REPORT_CSS } from './styles.js';

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${(Math.abs(v) * 100).toFixed(1)}`;

/**
 * The comparison of runs as one self-contained HTML page (`cascade compare`): the runs and their
 * colours, every event's probability in each run with the difference from run A and its 95%
 * interval (paired when the runs share their paths), and each moving signal's median and 5–95%
 * band of every run overlaid on one chart.
 */
export function compareReportHtml(c: Comparison, meta: { version: string; command: string }): string {
  const swatch = (k: number) => `<i style="display:inline-block;width:10px;height:10px;border-radius:2px;background:${pointColor(k)};margin-right:6px"></i>`;
  const keys = `<ul class="keys">${c.runs.map((r, k) => `<li>${swatch(k)}<b>${runLetter(k)}</b> <span class="mono">${esc(r.ref)}</span> ${esc(r.scenario)}${r.label === 'base' ? '' : ` — ${esc(r.label)}`} <span class="note">(seed ${r.seed}, ${r.paths.toLocaleString('en-US')} paths)</span></li>`).join('')}</ul>`;
  const head = `<tr><th>Event</th>${c.runs.map((_, k) => `<th class="num">${swatch(k)}${runLetter(k)}</th>${k ? `<th class="num">${runLetter(k)} − A<span class="ci">points, 95% CI</span></th>` : ''}`).join('')}</tr>`;
  const rows = c.events
    .map((e) => {
      const cells = c.runs
        .map((_, k) => {
          const x = e.runs[k];
          const p = x ? `<td class="num"><b>${formatPercent(x.probability)}</b><span class="ci">${formatPercent(x.ci.lo)} – ${formatPercent(x.ci.hi)}</span></td>` : '<td class="num">—</td>';
          if (!k) return p;
          const d = e.differences[k];
          const diff = d
            ? `<td class="num" title="${esc(d.why ?? 'paired: same paths in both runs')}"><b>${signed(d.difference)}</b><span class="ci">${signed(d.lo)} … ${signed(d.hi)} ${d.method}</span></td>`
            : '<td class="num">—</td>';
          return p + diff;
        })
        .join('');
      return `<tr><td class="name mono">${esc(e.event)}<span class="ci">${esc(e.description)}</span></td>${cells}</tr>`;
    })
    .join('\n');
  const notes = [...new Set(c.events.flatMap((e) => e.differences.flatMap((d, k) => (d?.why ? [`${runLetter(k)} − A is unpaired (Newcombe's hybrid score interval): ${d.why}.`] : []))))];
  const anyPaired = c.events.some((e) => e.differences.some((d) => d?.method === 'paired'));
  // signals the runs disagree on (any quantile on any date) are drawn; the others are named once
  const same = (s: Comparison['signals'][number]) => s.series.every((x) => QUANTILE_KEYS.every((q) => x[q].every((v, i) => Object.is(v, s.series[0][q][i]))));
  const differing = c.signals.filter((s) => !same(s));
  const identical = c.signals.filter(same).map((s) => s.signal);
  // largest difference first: the medians' greatest gap from run A, in units of A's 5–95% band
  const gap = (s: Comparison['signals'][number]) => {
    let g = 0;
    const a = s.series[0];
    for (const x of s.series) for (let i = 0; i < a.p50.length; i++) g = Math.max(g, Math.abs(x.p50[i] - a.p50[i]) / (Math.abs(a.p95[i] - a.p05[i]) + 1e-12 * Math.abs(a.p50[i]) + 1e-300));
    return Number.isFinite(g) ? g : 0;
  };
  const moving = differing.filter((s) => classifySignal(s.series[0]) === 'fan').sort((x, y) => gap(y) - gap(x));
  const others = differing.filter((s) => classifySignal(s.series[0]) !== 'fan');
  const last = c.runs[0].steps;
  const horizonTable = others.length
    ? `<h3>Other signals that differ, on ${esc(formatDate(others[0].series[0].t[last]))} <span class="note">(indicators and steady outputs: median [5% – 95%])</span></h3><div class="card" style="overflow:auto"><table class="heat"><thead><tr><th>Signal</th>${c.runs.map((_, k) => `<th class="num">${swatch(k)}${runLetter(k)}</th>`).join('')}</tr></thead><tbody>${others
        .map((s) => `<tr><td class="name mono">${esc(s.signal)}</td>${s.series.map((x) => `<td class="num">${esc(formatWithUnit(x.p50[last], s.unit))}<span class="ci">${esc(formatWithUnit(x.p05[last], s.unit))} – ${esc(formatWithUnit(x.p95[last], s.unit))}</span></td>`).join('')}</tr>`)
        .join('')}</tbody></table></div>`
    : '';
  const charts = moving
    .map((s) => {
      const last = s.series[0].t.length - 1;
      const reading = s.series.map((x, k) => `${runLetter(k)} ${formatWithUnit(x.p50[last], s.unit)}`).join(' · ');
      return `<figure class="chart card" data-chart="compare-signal" data-title="${esc(s.signal)}"><h4>${esc(s.signal)}</h4><p class="reading">median on ${esc(formatDate(s.series[0].t[last]))}: ${esc(reading)}</p>
${renderSvg(sweepSignalOption(s.series), 640, 290)}<figcaption>Solid: median; dashed: 5% and 95% of paths; colours as in the key.</figcaption></figure>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Cascade ${esc(meta.version)}">
<title>Comparison of ${c.runs.map((r) => esc(r.ref)).join(', ')} — Cascade</title>
<style>${REPORT_CSS}</style></head>
<body>
<header class="top"><div class="wrap">
<div class="eyebrow">Cascade · comparison of runs</div>
<h1>${c.runs.map((r) => esc(r.scenario)).join(' · ')}</h1>
${keys}
</div></header>
<main class="wrap">
<section id="events"><h2>Events side by side</h2>
<p class="sub">Probability that each event happens within the horizon in each run (95% Wilson interval), and the difference from run A in percentage points with its 95% interval. ${anyPaired ? 'Paired: both runs simulate the same paths (same seed and path count: common random numbers), so the interval comes from the paths on which the event differs — far narrower than two independent samples would give.' : ''}</p>
<div class="card" style="overflow:auto"><table class="heat"><thead>${head}</thead><tbody>${rows}</tbody></table></div>
${notes.map((n) => `<p class="note">${esc(n)}</p>`).join('')}
</section>
<section id="signals"><h2>Signals overlaid</h2>
<p class="sub">Each signal the runs share, moves over time and differs between them — the largest difference of medians (against run A's 5–95% band) first: every run's median and 5–95% band across paths.</p>
${keys}<div class="grid">${charts}</div>
${horizonTable}
${identical.length ? `<p class="note">The same in every run (every quantile on every date): ${esc(identical.join(', '))}.</p>` : ''}
</section>
<section id="reproduce"><h2>Reproduce</h2><pre>${esc(meta.command)}</pre></section>
</main>
<footer><div class="wrap">Cascade ${esc(meta.version)} · bands are spreads across Monte Carlo paths; intervals on probabilities and differences are for the Monte Carlo error.</div></footer>
</body></html>
`;
}
