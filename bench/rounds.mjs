// What every benchmark here reports of its rounds: the best and the median, and ratios. A round
// that could not run (a contender missing, a check failed) is NaN and is left out.

/** The finite values of xs. */
export function finite(xs) {
  return xs.filter((x) => Number.isFinite(x));
}

/** The largest finite value (a rate's best round), NaN if none. */
export function best(xs) {
  const f = finite(xs);
  return f.length ? Math.max(...f) : NaN;
}

/** The smallest finite value (a time's best round), NaN if none. */
export function least(xs) {
  const f = finite(xs);
  return f.length ? Math.min(...f) : NaN;
}

/** The median of the finite values (the lower middle one of an even count), NaN if none. */
export function median(xs) {
  const s = finite(xs).sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : NaN;
}

/** M path-steps per second, or n/a. */
export function fmt(rate) {
  return Number.isFinite(rate) ? (rate / 1e6).toFixed(2) : 'n/a';
}

/** A ratio as "1.23×", or n/a. */
export function ratio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}
