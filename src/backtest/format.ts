import type { BacktestResult, Forecaster } from './run-backtest.js';
import { FORECASTERS } from './run-backtest.js';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '—');
const p3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');
const LABEL: Record<Forecaster, string> = { model: 'model', historical: 'hist. sim.', 'ewma-random-walk': 'EWMA RW' };

/**
 * The backtest as terminal tables (≤ 100 columns): per horizon the CRPS of each forecaster,
 * then per forecaster and horizon the band coverage with Kupiec's and Christoffersen's
 * p-values and the PIT histogram, then the events' Brier scores against their base rate.
 */
export function backtestText(r: BacktestResult): string {
  const out: string[] = [];
  const c = r.config;
  out.push(`${r.scenario}: ${r.origins.length} origins ${r.origins[0]} … ${r.origins[r.origins.length - 1]} every ${c.everyDays} days, ${c.paths} paths each, seed ${r.seed}`);
  out.push('', 'CRPS of ln P (lower is better; ★ = best)');
  out.push(['horizon', 'n', ...FORECASTERS.map((f) => LABEL[f])].map((s, k) => (k < 2 ? s.padEnd(k ? 5 : 9) : s.padStart(11))).join(' '));
  c.horizons.forEach((h, k) => {
    const vals = FORECASTERS.map((f) => r.scores.byForecaster[f][k].crps);
    const best = Math.min(...vals);
    out.push([`${h} d`.padEnd(9), String(r.scores.byForecaster.model[k].n).padEnd(5), ...vals.map((v) => `${v === best ? '★' : ' '}${v.toFixed(4)}`.padStart(11))].join(' '));
  });
  out.push('', 'Coverage of the central 50% and 90% bands; tests on origins ≥ one horizon apart (p < 0.05 rejects)');
  out.push(`${'forecaster'.padEnd(11)}${'horizon'.padEnd(9)}${'50%'.padStart(5)}${'90%'.padStart(6)}  ${'n ind.'.padStart(6)} ${'Kupiec p'.padStart(9)} ${'Christ. p'.padStart(9)}  light   PIT p  PIT histogram (10 bins)`);
  for (const f of FORECASTERS) {
    r.scores.byForecaster[f].forEach((s) => {
      const [b50, b90] = s.coverage;
      const ind = b90.independent;
      out.push(`${LABEL[f].padEnd(11)}${`${s.horizon} d`.padEnd(9)}${pct(b50.observed).padStart(5)}${pct(b90.observed).padStart(6)}  ${String(ind.n).padStart(6)} ${p3(ind.kupiec.pValue).padStart(9)} ${p3(ind.christoffersen.pValue).padStart(9)}  ${ind.trafficLight.padEnd(6)} ${p3(s.pitUniformity.pValue).padStart(6)}  ${s.pitHistogram.join(' ')}`);
    });
  }
  if (r.scores.events.length) {
    out.push('', 'Events: Brier score (lower is better) and skill against the base rate of the origins');
    for (const e of r.scores.events) {
      out.push(`${e.name}: ${e.description}; base rate ${pct(e.baseRate)} of ${e.n} origins`);
      for (const f of FORECASTERS) {
        const b = e.byForecaster[f];
        out.push(`  ${LABEL[f].padEnd(11)} Brier ${b.brier.toFixed(3)}  skill ${b.skill >= 0 ? '+' : '−'}${Math.abs(b.skill).toFixed(2)}  reliability ${b.reliability.toFixed(3)}  resolution ${b.resolution.toFixed(3)}`);
      }
    }
  }
  return out.join('\n') + '\n';
}
