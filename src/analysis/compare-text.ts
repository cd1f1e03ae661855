import { textTable } from '../cli/summary-table.js';
import { formatValue } from '../results/format.js';
import { differingSignals, type Comparison } from './compare.js';

/** Signals listed in the terminal at most (the HTML report has every one). */
const MAX_SIGNAL_ROWS = 20;

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const signedPct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;

/** A letter per run: A, B, C, … */
export function runLetter(k: number): string {
  return String.fromCharCode(65 + (k % 26)) + (k >= 26 ? String(Math.floor(k / 26)) : '');
}

/** The terminal view of a comparison: runs, events with differences from A, and signals at the horizon. */
export function comparisonText(c: Comparison): string {
  const out: string[] = [];
  out.push(
    textTable([
      ['run', 'ref', 'scenario', 'point', 'seed', 'paths'],
      ...c.runs.map((r, k) => [runLetter(k), r.ref, r.scenario, r.label, String(r.seed), r.paths.toLocaleString('en-US')]),
    ]),
  );
  if (c.events.length) {
    const head = ['event', 'A'];
    for (let k = 1; k < c.runs.length; k++) head.push(runLetter(k), `${runLetter(k)} − A (points, 95% CI)`);
    const rows = [head];
    const notes = new Set<string>();
    for (const e of c.events) {
      const row = [e.event, e.runs[0] ? pct(e.runs[0].probability) : '—'];
      for (let k = 1; k < c.runs.length; k++) {
        const d = e.differences[k];
        row.push(e.runs[k] ? pct(e.runs[k]!.probability) : '—');
        if (!d) row.push('—');
        else {
          row.push(`${signedPct(d.difference)} [${signedPct(d.lo)}, ${signedPct(d.hi)}] ${d.method}`);
          if (d.why) notes.add(`${runLetter(k)} − A unpaired (Newcombe's interval): ${d.why}`);
        }
      }
      rows.push(row);
    }
    out.push('', 'events: probability within the horizon; difference from A in percentage points', textTable(rows));
    const paired = c.events.some((e) => e.differences.some((d) => d?.method === 'paired'));
    if (paired) out.push('paired: the same paths in both runs (same seed and paths: common random numbers), interval from the paths that disagree');
    for (const n of notes) out.push(n);
  }
  if (c.signals.length) {
    const last = c.runs[0].steps;
    const date = c.signals[0].series[0].t[last];
    const rows = [['signal', ...c.runs.map((_, k) => `${runLetter(k)} median [5% – 95%]`)]];
    // the signals whose horizon figures differ between runs, largest gap first; the HTML report overlays them all
    const differing = differingSignals(c).map((d) => d.signal);
    const shown = differing.slice(0, MAX_SIGNAL_ROWS);
    for (const s of shown) {
      rows.push([s.signal, ...s.series.map((x) => `${formatValue(x.p50[last], s.unit, { perUnit: false })} [${formatValue(x.p05[last], s.unit, { perUnit: false })} – ${formatValue(x.p95[last], s.unit, { perUnit: false })}]`)]);
    }
    const left = differing.length - shown.length;
    out.push('', `signals that differ on ${date} (the horizon): ${differing.length} of ${c.signals.length} shared${left ? `; the first ${shown.length} here, all in the HTML report` : ''}`);
    if (shown.length) out.push(textTable(rows));
  }
  return out.join('\n');
}
