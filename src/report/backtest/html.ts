import { FORECASTERS, type BacktestResult } from '../../backtest/run-backtest.js';
import { formatDate, formatDuration, formatPercent } from '../format.js';
import { esc } from '../html.js';
import { renderSvg } from '../render-svg.js';
import { REPORT_CSS } from '../styles.js';
import { coverageOption, crpsOption, FORECASTER_LABEL, FORECASTER_SHORT, forecasterColor, pitOption, reliabilityOption } from './charts.js';

/** What the page says about the stored run the backtest is (id, when, how long). */
export interface BacktestRunInfo {
  id: string;
  createdAt: string;
  elapsedMs: number | null;
  cascadeVersion: string;
  command: string;
}

const p3 = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—');
const pct = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? formatPercent(v) : '—');

function figure(kind: string, title: string, spec: Record<string, unknown>, width: number, height: number, caption = ''): string {
  return `<figure class="chart card" data-chart="${esc(kind)}" data-title="${esc(title)}"><h4>${esc(title)}</h4>${renderSvg(spec, width, height)}${caption ? `<figcaption>${esc(caption)}</figcaption>` : ''}</figure>`;
}

const swatch = (color: string) => `<i style="display:inline-block;width:10px;height:10px;border-radius:2px;background:${color};margin-right:6px"></i>`;

function crpsSection(r: BacktestResult): string {
  const head = `<tr><th>Horizon</th><th class="num">Origins</th>${FORECASTERS.map((f) => `<th class="num">${swatch(forecasterColor(f))}${esc(FORECASTER_SHORT[f])}</th>`).join('')}</tr>`;
  const rows = r.config.horizons
    .map((h, k) => {
      const vals = FORECASTERS.map((f) => r.scores.byForecaster[f][k].crps);
      const best = Math.min(...vals.filter((v) => Number.isFinite(v)));
      return `<tr><td class="num">${h} d</td><td class="num">${r.scores.byForecaster.model[k].n}</td>${vals.map((v) => `<td class="num">${v === best ? `<b>${p3(v)}</b>` : p3(v)}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<section id="crps"><h2>Accuracy: CRPS by horizon</h2>
<p class="sub">The continuous ranked probability score of the forecast distribution of ln P against the realised ln P, averaged over origins (log-price units, lower is better, best in bold). Both baselines go through the same machinery: historical simulation (a block bootstrap of the returns before each origin) and a random walk with EWMA volatility.</p>
<div class="grid">${figure('backtest-crps', 'Mean CRPS of ln P', crpsOption(r), 620, 300)}<div class="card" style="overflow:auto"><table><thead>${head}</thead><tbody>${rows}</tbody></table></div></div></section>`;
}

function coverageSection(r: BacktestResult): string {
  const rows = FORECASTERS.flatMap((f) =>
    r.scores.byForecaster[f].map((s) => {
      const b50 = s.coverage.find((c) => c.band === 0.5);
      const b90 = s.coverage.find((c) => c.band === 0.9);
      const ind = b90?.independent;
      const light = ind ? `<span class="pill light-${esc(ind.trafficLight)}">${esc(ind.trafficLight)}</span>` : '—';
      return `<tr><td>${swatch(forecasterColor(f))}${esc(FORECASTER_LABEL[f])}</td><td class="num">${s.horizon} d</td><td class="num">${pct(b50?.observed)}</td><td class="num">${pct(b90?.observed)}</td><td class="num">${ind ? `${ind.misses} / ${ind.n}` : '—'}</td><td class="num">${p3(ind?.kupiec.pValue)}</td><td class="num">${p3(ind?.christoffersen.pValue)}</td><td>${light}</td></tr>`;
    }),
  );
  return `<section id="coverage"><h2>Calibration: band coverage</h2>
<p class="sub">The share of origins whose realised price fell inside the forecast's central 50% and 90% bands. Kupiec's proportion-of-failures test and Christoffersen's independence test (p &lt; 0.05 rejects) and the Basel traffic light use only origins at least one horizon apart: overlapping forecasts share days of data, so their misses cluster by construction.</p>
<div class="grid">${figure('backtest-coverage', 'Coverage of the central 50% band', coverageOption(r, 0.5), 620, 280)}${figure('backtest-coverage', 'Coverage of the central 90% band', coverageOption(r, 0.9), 620, 280)}</div>
<div class="card" style="overflow:auto;margin-top:12px"><table><thead><tr><th>Forecaster</th><th class="num">Horizon</th><th class="num">50% band</th><th class="num">90% band</th><th class="num">90% misses / independent origins</th><th class="num">Kupiec p</th><th class="num">Christoffersen p</th><th>Traffic light</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

function pitSection(r: BacktestResult): string {
  const charts = r.scores.byForecaster.model.map((s) =>
    figure('backtest-pit', `PIT at ${s.horizon} days`, pitOption(s), 300, 200, `${s.n} origins; χ² uniformity p = ${p3(s.pitUniformity.pValue)}`),
  );
  return `<section id="pit"><h2>Shape: PIT histograms of the model</h2>
<p class="sub">Where the realised log price fell within the model's forecast distribution, by decile, relative to the 10% of origins a calibrated forecast puts in each (dashed line at 1). A U shape means bands too narrow, a hump too wide, a slope a biased centre.</p>
<div class="grid small">${charts.join('')}</div></section>`;
}

function eventsSection(r: BacktestResult): string {
  if (!r.scores.events.length) return '';
  const parts = r.scores.events.map((e) => {
    const rows = FORECASTERS.map((f) => {
      const b = e.byForecaster[f];
      return `<tr><td>${swatch(forecasterColor(f))}${esc(FORECASTER_SHORT[f])}</td><td class="num">${p3(b.brier)}</td><td class="num">${p3(b.skill)}</td><td class="num">${p3(b.reliability)}</td><td class="num">${p3(b.resolution)}</td><td class="num">${p3(b.uncertainty)}</td></tr>`;
    }).join('');
    return `<h3 class="mono">${esc(e.name)}</h3><p class="sub">${esc(e.description)}; it happened after ${pct(e.baseRate)} of ${e.n} origins (the base rate).</p>
<div class="grid">${figure('backtest-reliability', `Reliability: ${e.name}`, reliabilityOption(e), 520, 340)}<div class="card" style="overflow:auto"><table><thead><tr><th>Forecaster</th><th class="num">Brier</th><th class="num">Skill</th><th class="num">Reliability</th><th class="num">Resolution</th><th class="num">Uncertainty</th></tr></thead><tbody>${rows}</tbody></table>
<p class="note">Brier = reliability − resolution + uncertainty (Murphy 1973, over ten probability bins); skill = 1 − Brier / Brier of always forecasting the base rate (above 0 beats it).</p></div></div>`;
  });
  return `<section id="events"><h2>Events: Brier scores and reliability</h2>${parts.join('')}</section>`;
}

/** The self-contained HTML report of a stored backtest: inline CSS and SVG, no scripts, no network. */
export function renderBacktestHtml(r: BacktestResult, run: BacktestRunInfo): string {
  const c = r.config;
  const facts = [
    ['origins', `${r.origins.length}: ${formatDate(r.origins[0])} – ${formatDate(r.origins[r.origins.length - 1])}, every ${c.everyDays} days`],
    ['paths per origin', c.paths.toLocaleString('en-US')],
    ['horizons', c.horizons.map((h) => `${h} d`).join(', ')],
    ['seed', String(r.seed)],
    ['run', run.id],
    ['run at', run.createdAt.slice(0, 16).replace('T', ' ') + ' UTC'],
    ['took', formatDuration(run.elapsedMs ?? 0)],
  ];
  const nav: [string, string][] = [
    ['#crps', 'Accuracy (CRPS)'],
    ['#coverage', 'Coverage'],
    ['#pit', 'PIT'],
    ...(r.scores.events.length ? ([['#events', 'Events']] as [string, string][]) : []),
    ['#reproduce', 'Reproduce'],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Cascade ${esc(run.cascadeVersion)}">
<title>${esc(r.scenario)} — Cascade backtest</title>
<style>${REPORT_CSS}</style></head>
<body>
<header class="top"><div class="wrap">
<div class="eyebrow">Cascade · rolling-origin backtest</div>
<h1>${esc(r.scenario)}</h1>
<p class="lede">The scenario run from every origin with its starting state built only from the data before it, its forecasts scored against what the data then showed (${esc(c.data)}), beside two baselines.</p>
<ul class="facts">${facts.map(([k, v]) => `<li>${esc(k)} <b>${esc(v)}</b></li>`).join('')}</ul>
</div></header>
<nav class="toc"><div class="wrap">${nav.map(([href, label]) => `<a href="${href}">${esc(label)}</a>`).join('')}</div></nav>
<main class="wrap">
${crpsSection(r)}
${coverageSection(r)}
${pitSection(r)}
${eventsSection(r)}
<section id="reproduce"><h2>Reproduce</h2><pre>${esc(run.command)}</pre></section>
</main>
<footer><div class="wrap">Cascade ${esc(run.cascadeVersion)} · backtest run ${esc(run.id)} · Scores from ${c.paths.toLocaleString('en-US')} paths per origin and forecaster; see src/backtest/README.md for every definition.</div></footer>
</body></html>
`;
}
