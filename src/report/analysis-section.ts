import { outputWords } from '../analysis/analysis-text.js';
import type { GlobalSensitivityResult } from '../analysis/global-sensitivity.js';
import type { DiscoveryResult } from '../analysis/run-analyses.js';
import type { SensitivityTable } from '../results/sensitivity.js';
import type { ScenarioResult } from '../results/types.js';
import { morrisOption, primTradeoffOption, sobolOption, tornadoOption } from './charts/sensitivity.js';
import { compactNumber, formatDate, formatWithUnit } from './format.js';
import { esc } from './html.js';
import { renderSvg } from './render-svg.js';
import type { ChartView } from './report-model.js';

/**
 * The report's section on a run's analyses: the tornado, Sobol' indices, Morris measures, LHS rank
 * correlations and the PRIM box, each on the date its output is measured. Plain data (charts
 * as specifications) built by {@link analysisView}, rendered by {@link analysisSectionHtml}.
 */
export interface AnalysisView {
  tornado: SensitivityTable | null;
  global: GlobalSensitivityResult | null;
  discovery: DiscoveryResult | null;
  charts: ChartView[];
  /** Runs of the sensitivity block beside the scenario as written (not detailed in the report). */
  blockRuns: number;
}

/** Whether a point is one of a sensitivity block's runs (a tornado side or a design row). */
export function isBlockRun(p: ScenarioResult['points'][number]): boolean {
  return p.sensitivityRun !== undefined || p.designRun !== undefined;
}

/** The analyses of a stored run, or null if it has none. */
export function analysisView(result: ScenarioResult): AnalysisView | null {
  const tornado = result.sensitivity ?? null;
  const global = result.globalSensitivity ?? null;
  const discovery = result.discovery ?? null;
  if (!tornado && !global && !discovery) return null;
  const charts: ChartView[] = [];
  const on = (what: { statistic: string; output: string; at: string | null }) => (what.at ? ` on ${formatDate(what.at)}` : ' over the horizon');
  if (tornado) {
    charts.push({
      kind: 'sensitivity-tornado' as ChartView['kind'],
      title: `Tornado: ${tornado.statistic} of ${tornado.output}${on(tornado)}`,
      reading: `base ${formatWithUnit(tornado.base, tornado.unit)}; largest swing ${tornado.rows[0] ? `${tornado.rows[0].name} (${formatWithUnit(tornado.rows[0].swing, tornado.unit)})` : '—'}`,
      caption: `Each item alone at its low and its high value, everything else as in the scenario; the line is the scenario as written. Measured${on(tornado)}, the date the sensitivity block names.`,
      spec: tornadoOption(tornado),
      width: 960,
      height: 60 + 34 * tornado.rows.length,
    });
  }
  if (global?.sobol) {
    charts.push({
      kind: 'sensitivity-sobol' as ChartView['kind'],
      title: `Sobol' indices: ${outputWords(global)}`,
      reading: global.inputs.map((x, i) => `${x.name} ST ${global.sobol!.st[i].value.toFixed(2)}`).join(' · '),
      caption: `Share of the output's variance over the design (${global.rows} runs, N = ${global.sobol.n}) due to each input alone (S1) and with its interactions (ST), with ${Math.round(global.sobol.confidence * 100)}% bootstrap intervals (${global.sobol.resamples} resamples). Small N gives wide intervals; S1 estimates below 0 are noise around 0.`,
      spec: sobolOption(global),
      width: 960,
      height: 60 + 40 * global.inputs.length,
    });
  }
  if (global?.morris) {
    charts.push({
      kind: 'sensitivity-morris' as ChartView['kind'],
      title: `Morris μ* and σ: ${outputWords(global)}`,
      reading: global.inputs.map((x, i) => `${x.name} μ* ${formatWithUnit(global.morris![i].muStar, global.unit)}`).join(' · '),
      caption: `${global.samples} trajectories on a ${global.levels}-level grid. Right: the input moves the output a lot; up: its effect depends on the other inputs or is not linear.`,
      spec: morrisOption(global),
      width: 640,
      height: 320,
    });
  }
  if (discovery && discovery.inputs.length) {
    charts.push({
      kind: 'sensitivity-prim' as ChartView['kind'],
      title: `PRIM trade-off for ${discovery.event}`,
      reading: `chosen box: coverage ${(discovery.box.coverage * 100).toFixed(0)}%, density ${(discovery.box.density * 100).toFixed(0)}% (all paths: ${(discovery.baseDensity * 100).toFixed(1)}%)`,
      caption: 'Each point is a box along the peeling: smaller boxes hold fewer of the event’s paths (coverage) but a larger share of their paths have it (density). Red: the box in the table.',
      spec: primTradeoffOption(discovery),
      width: 640,
      height: 320,
    });
  }
  return { tornado, global, discovery, charts, blockRuns: result.points.filter(isBlockRun).length };
}

function figure(c: ChartView): string {
  return `<figure class="chart card" data-chart="${esc(c.kind)}" data-title="${esc(c.title)}"><h4>${esc(c.title)}</h4>${c.reading ? `<p class="reading">${esc(c.reading)}</p>` : ''}
${renderSvg(c.spec, c.width, c.height)}<figcaption>${esc(c.caption)}</figcaption></figure>`;
}

const n3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** The section's HTML. */
export function analysisSectionHtml(v: AnalysisView): string {
  const parts: string[] = [];
  const g = v.global;
  if (g?.sobol) {
    const rows = g.inputs
      .map((x, i) => `<tr><td class="name">${esc(x.name)}</td><td class="num">${esc(`${compactNumber(x.low)} … ${compactNumber(x.high)}`)}</td><td class="num">${n3(g.sobol!.s1[i].value)}<span class="ci">${n3(g.sobol!.s1[i].lo)} … ${n3(g.sobol!.s1[i].hi)}</span></td><td class="num">${n3(g.sobol!.st[i].value)}<span class="ci">${n3(g.sobol!.st[i].lo)} … ${n3(g.sobol!.st[i].hi)}</span></td></tr>`)
      .join('');
    parts.push(`<div class="card"><table><thead><tr><th>Input</th><th class="num">Range</th><th class="num">First-order S1</th><th class="num">Total ST</th></tr></thead><tbody>${rows}</tbody></table></div>`);
  }
  if (g?.rankCorrelation) {
    const rows = g.inputs.map((x, i) => `<tr><td class="name">${esc(x.name)}</td><td class="num">${esc(`${compactNumber(x.low)} … ${compactNumber(x.high)}`)}</td><td class="num">${n3(g.rankCorrelation![i])}</td></tr>`).join('');
    parts.push(`<h3>Latin hypercube: ${esc(outputWords(g))}</h3><div class="card"><table><thead><tr><th>Input</th><th class="num">Range</th><th class="num">Spearman's ρ with the output</th></tr></thead><tbody>${rows}</tbody></table></div>`);
  }
  const d = v.discovery;
  if (d) {
    const rows = d.inputs
      .map((name, j) => ({ name, lo: d.box.lo[j], hi: d.box.hi[j] }))
      .filter((b) => Number.isFinite(b.lo) || Number.isFinite(b.hi))
      .map((b) => `<tr><td class="name mono">${esc(b.name)}</td><td class="num">${Number.isFinite(b.lo) ? esc(String(+b.lo.toPrecision(6))) : '—'}</td><td class="num">${Number.isFinite(b.hi) ? esc(String(+b.hi.toPrecision(6))) : '—'}</td></tr>`)
      .join('');
    const summary = d.inputs.length
      ? `In the box ${(d.box.density * 100).toFixed(1)}% of paths have ${esc(d.event)} (against ${(d.baseDensity * 100).toFixed(1)}% of all ${d.total.toLocaleString('en-US')} paths); it holds ${(d.box.coverage * 100).toFixed(1)}% of the paths that have it.`
      : 'The scenario draws no inputs from distributions: there is no box to find.';
    parts.push(`<h3>Scenario discovery (PRIM): where ${esc(d.event)} happens</h3><p class="sub">${esc(d.description)} ${summary}</p>${rows ? `<div class="card"><table><thead><tr><th>Drawn input</th><th class="num">Box low</th><th class="num">Box high</th></tr></thead><tbody>${rows}</tbody></table></div>` : ''}`);
  }
  const note = v.blockRuns ? `<p class="note">The ${v.blockRuns} runs of the sensitivity block are summarised here; the details below are the scenario as written (point 1). \`cascade report ID/K\` writes the report of any one run.</p>` : '';
  return `<section id="sensitivity"><h2>Sensitivity and discovery</h2>
<p class="sub">What moves the output, measured on the date the scenario's sensitivity block names.</p>
${note}${v.global?.note ? `<p class="note">${esc(v.global.method)} sensitivity of ${esc(outputWords(v.global))}: ${esc(v.global.note)}.</p>` : ''}<div class="grid wide">${v.charts.map(figure).join('\n')}</div>
${parts.join('\n')}
</section>`;
}
