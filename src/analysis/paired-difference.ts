import { wilsonInterval } from '../results/wilson-interval.js';

/** A difference of two event probabilities (B − A) and its 95% interval. */
export interface ProbabilityDifference {
  difference: number;
  lo: number;
  hi: number;
  /**
   * `paired`: the same paths (same seed, same path count) in both runs, so path k's flags are
   * compared with each other (common random numbers); `unpaired`: two independent samples.
   */
  method: 'paired' | 'unpaired';
}

/**
 * The paired difference of two event flags over the same paths: d_k = b_k − a_k, its mean and a
 * normal interval mean ± z·sd/√n. With common random numbers most paths agree, sd(d) is small and
 * the interval is far narrower than an unpaired one. When no path disagrees (sd = 0) the
 * interval is the point: every path shows the same difference. Flags: 0/1 (or booleans).
 */
export function pairedDifference(a: ArrayLike<number | boolean>, b: ArrayLike<number | boolean>, z = 1.96): ProbabilityDifference {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`a paired difference needs the same paths in both runs: ${n} and ${b.length}`);
  if (n === 0) return { difference: NaN, lo: NaN, hi: NaN, method: 'paired' };
  // only discordant paths carry information: (b=1, a=0) and (b=0, a=1)
  let up = 0;
  let down = 0;
  for (let k = 0; k < n; k++) {
    const x = +a[k];
    const y = +b[k];
    if (y > x) up++;
    else if (x > y) down++;
  }
  const mean = (up - down) / n;
  // sample variance of d ∈ {−1, 0, 1}: (Σd² − n·mean²)/(n − 1)
  const variance = n > 1 ? (up + down - n * mean * mean) / (n - 1) : 0;
  const half = z * Math.sqrt(variance / n);
  return { difference: mean, lo: Math.max(-1, mean - half), hi: Math.min(1, mean + half), method: 'paired' };
}

/**
 * Newcombe's hybrid score interval (1998, method 10) for p_B − p_A from two independent
 * samples, built from each proportion's Wilson interval: it stays inside [−1, 1] and behaves at
 * probabilities near 0 and 1, where stress-test events sit.
 */
export function unpairedDifference(hitsA: number, pathsA: number, hitsB: number, pathsB: number, z = 1.96): ProbabilityDifference {
  const pa = hitsA / pathsA;
  const pb = hitsB / pathsB;
  const wa = wilsonInterval(hitsA, pathsA, z);
  const wb = wilsonInterval(hitsB, pathsB, z);
  const d = pb - pa;
  const lo = d - Math.sqrt((pb - wb.lo) ** 2 + (wa.hi - pa) ** 2);
  const hi = d + Math.sqrt((wb.hi - pb) ** 2 + (pa - wa.lo) ** 2);
  return { difference: d, lo: Math.max(-1, lo), hi: Math.min(1, hi), method: 'unpaired' };
}
