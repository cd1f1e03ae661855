import type { JointAnswer, ReverseAnswer } from './reverse.js';

/** A number for the table: 4 significant digits, no exponent for everyday sizes. */
function num(x: number): string {
  return Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

/** The answer in words and the curve it traced, for the terminal. */
export function reverseText(a: ReverseAnswer): string {
  const lines: string[] = [];
  lines.push(`reverse stress test: where P(${a.event}) crosses ${pct(a.target)} as ${a.vary} moves over ${num(a.range[0])}..${num(a.range[1])}`);
  lines.push(`(${a.paths.toLocaleString('en-US')} paths per trial, seed ${a.seed} for every trial: common random numbers)`);
  lines.push('');
  lines.push(`  ${'value'.padStart(10)}  ${'P(event)'.padStart(8)}  ${'95% CI'.padStart(15)}  ${'monotone'.padStart(8)}  trial`);
  for (const c of a.curve) {
    lines.push(`  ${num(c.x).padStart(10)}  ${pct(c.p).padStart(8)}  ${`${pct(c.lo)}–${pct(c.hi)}`.padStart(15)}  ${pct(c.fitted).padStart(8)}  #${c.order + 1}`);
  }
  lines.push('');
  if (a.x === null) {
    const ps = a.curve.map((c) => c.p);
    lines.push(`not bracketed: P(${a.event}) stays between ${pct(Math.min(...ps))} and ${pct(Math.max(...ps))} over the range, never crossing ${pct(a.target)}; widen --range`);
    return lines.join('\n') + '\n';
  }
  const iv = a.interval!;
  const lo = `${iv.openLo ? '≤ ' : ''}${num(iv.lo)}`;
  const hi = `${iv.openHi ? '≥ ' : ''}${num(iv.hi)}`;
  lines.push(`threshold: ${a.vary} = ${num(a.x)}  (95% interval ${lo} to ${hi}, from the Monte Carlo error)`);
  lines.push(`P(${a.event}) ${a.increasing ? 'rises' : 'falls'} with ${a.vary}: ${a.increasing ? 'above' : 'below'} ${num(a.x)} it is more likely than ${pct(a.target)}.`);
  if (a.stopped === 'trials') lines.push(`(stopped after ${a.curve.length} trials; raise --trials to narrow the bracket)`);
  if (iv.openLo || iv.openHi) lines.push('(an interval end marked ≤ or ≥ reaches the edge of the traced curve: more paths would narrow it)');
  return lines.join('\n') + '\n';
}

/** The joint answer: one line per ray, then the smallest move and the inputs' values there. */
export function jointText(a: JointAnswer): string {
  const lines: string[] = [];
  lines.push(`joint reverse stress test: the smallest move of ${a.inputs.map((i) => i.vary).join(', ')} at which P(${a.event}) reaches ${pct(a.target)}`);
  lines.push(`(move size: ‖s‖₂, each input's share s of its span ${a.inputs.map((i) => `${num(i.from)}→${num(i.to)}`).join(', ')}; ${a.paths.toLocaleString('en-US')} paths, seed ${a.seed} for every trial)`);
  lines.push('');
  lines.push(`  ${'direction (shares)'.padEnd(24)}  ${'‖s‖ at crossing'.padStart(16)}  ${'95% CI'.padStart(17)}  trials`);
  for (const r of a.rays) {
    const dir = r.direction.map((v) => v.toFixed(2)).join(', ');
    const c = r.crossing;
    const at = c.x === null ? 'not reached' : num(c.x);
    const iv = c.interval ? `${num(c.interval.lo)}–${num(c.interval.hi)}` : '';
    lines.push(`  ${`(${dir})`.padEnd(24)}  ${at.padStart(16)}  ${iv.padStart(17)}  ${c.curve.length}${r === a.best ? '  ← smallest' : ''}`);
  }
  lines.push('');
  if (!a.best || !a.values) {
    lines.push(`not reached: no direction takes P(${a.event}) to ${pct(a.target)} inside the spans; widen the --range of the inputs`);
    return lines.join('\n') + '\n';
  }
  const iv = a.best.crossing.interval!;
  lines.push(`smallest joint move: ‖s‖₂ = ${num(a.best.crossing.x!)} (95% interval ${num(iv.lo)} to ${num(iv.hi)}), at`);
  for (const [k, v] of Object.entries(a.values)) lines.push(`  ${k} = ${num(v)}`);
  lines.push(`(resolution: the angle between the directions tried; the true minimum can be slightly smaller)`);
  return lines.join('\n') + '\n';
}
