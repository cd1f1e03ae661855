const TABLE_SIZE = 256;
const table = new Float64Array(TABLE_SIZE);
for (let k = 1; k < TABLE_SIZE; k++) table[k] = table[k - 1] + Math.log(k);

/** ln(k!) for a non-negative integer k: exact sums below 256, Stirling's series above. */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return table[k];
  const n = k + 1; // ln Γ(n) with n = k + 1
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (n - 0.5) * Math.log(n) - n + 0.9189385332046728 + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}
