/**
 * Wilson score interval for a binomial proportion: k successes in n trials, at the normal
 * quantile z (1.96 for 95%). Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and is not
 * zero-width when k = 0 or k = n, which is when a stress test's tail events sit (Wilson 1927;
 * Brown, Cai & DasGupta 2001 recommend it for all n).
 */
export function wilsonInterval(k: number, n: number, z = 1.96): { lo: number; hi: number } {
  if (n <= 0) return { lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // the ends are exact at k = 0 and k = n (the formula leaves float noise like 1e-19 there)
  return { lo: k <= 0 ? 0 : Math.max(0, centre - half), hi: k >= n ? 1 : Math.min(1, centre + half) };
}
