import { textTable } from '../cli/summary-table.js';
import { formatValue } from '../results/format.js';
import type { GlobalSensitivityResult } from './global-sensitivity.js';
import type { DiscoveryResult } from './run-analyses.js';

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
/** An input's range as the tornado table writes its low and high: 2.00e+10 … 8.00e+10, 0.75 … 1.25. */
const range = (x: { name: string; low: number; high: number }) => {
  const f = (v: number) => (Math.abs(v) >= 1e5 ? v.toExponential(2) : String(v));
  return `${x.name} (${f(x.low)} … ${f(x.high)})`;
};

/** What the output is, in words: "mean of leverage.liquidatedUsd on 2025-10-11". */
export function outputWords(g: Pick<GlobalSensitivityResult, 'statistic' | 'output' | 'at'>): string {
  return g.statistic === 'total' ? `total of ${g.output} over the horizon (sum of daily means)` : `${g.statistic} of ${g.output} on ${g.at}`;
}

/** The terminal table of a global sensitivity block. */
export function globalSensitivityText(g: GlobalSensitivityResult): string {
  const head = `${g.method} sensitivity: ${outputWords(g)}; ${g.rows} runs of the design (seed ${g.seed}); the scenario as written gives ${formatValue(g.base, g.unit)}`;
  const rows: string[][] = [];
  if (g.note) return `${head}\n${g.note}`;
  if (g.sobol) {
    const pct = `${Math.round(g.sobol.confidence * 100)}%`;
    rows.push(['input (range)', 'first-order S1', `${pct} interval`, 'total ST', `${pct} interval`]);
    g.inputs.forEach((x, i) => {
      const a = g.sobol!.s1[i];
      const b = g.sobol!.st[i];
      rows.push([range(x), f3(a.value), `${f3(a.lo)} … ${f3(a.hi)}`, f3(b.value), `${f3(b.lo)} … ${f3(b.hi)}`]);
    });
    const note = `N = ${g.sobol.n} base points; Saltelli (2010) first-order and Jansen total estimators; bootstrap over ${g.sobol.resamples} resamples. S1 ≈ ST: the input acts alone; ST ≫ S1: through interactions.`;
    return [head, textTable(rows), note].join('\n');
  }
  if (g.morris) {
    rows.push(['input (range)', 'μ*', '95% interval', 'μ', 'σ']);
    g.inputs.forEach((x, i) => {
      const m = g.morris![i];
      rows.push([range(x), formatValue(m.muStar, g.unit), `${formatValue(m.muStarLo, g.unit)} … ${formatValue(m.muStarHi, g.unit)}`, formatValue(m.mu, g.unit), formatValue(m.sigma, g.unit)]);
    });
    const note = `${g.samples} trajectories on a ${g.levels}-level grid; effects are output changes per full range of the input. Large σ: interactions or curvature.`;
    return [head, textTable(rows), note].join('\n');
  }
  rows.push(['input (range)', "Spearman's ρ with the output"]);
  g.inputs.forEach((x, i) => rows.push([range(x), f3(g.rankCorrelation?.[i] ?? NaN)]));
  return [head, textTable(rows)].join('\n');
}

/** The terminal table of a PRIM discovery: the chosen box and its coverage and density. */
export function discoveryText(r: DiscoveryResult): string {
  const head = `discovery (PRIM) for ${r.event}: it happens on ${(r.baseDensity * 100).toFixed(1)}% of ${r.total.toLocaleString('en-US')} paths`;
  if (!r.inputs.length) return `${head}; the scenario draws no inputs from distributions, so there is no box to find`;
  const rows: string[][] = [['input', 'box low', 'box high']];
  r.inputs.forEach((name, j) => {
    const lo = r.box.lo[j];
    const hi = r.box.hi[j];
    if (lo === -Infinity && hi === Infinity) return;
    rows.push([name, lo === -Infinity ? '—' : String(+lo.toPrecision(6)), hi === Infinity ? '—' : String(+hi.toPrecision(6))]);
  });
  const box = `in the box: ${(r.box.density * 100).toFixed(1)}% of paths have the event (density), holding ${(r.box.coverage * 100).toFixed(1)}% of the event's paths (coverage), ${(r.box.support * 100).toFixed(1)}% of all paths`;
  return [head, rows.length > 1 ? textTable(rows) : 'no input restricted: no box is denser than the whole', box].join('\n');
}
