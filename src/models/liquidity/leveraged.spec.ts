/**
 * The leveraged traders' mechanics (leveraged.ts) on one path's record: margins that rise with
 * volatility, and the sales that restore Σ m_j·Y_j ≤ W.
 */
import { describe, expect, it } from 'vitest';
import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { CRYPTO, N, PATH, STRATEGIC } from './layout.js';
import { leveragedSales, setMargins } from './leveraged.js';
import { CLASSES } from './params.js';

const SOFTWARE = CLASSES.indexOf('software');

describe('liquidity: leveraged traders', () => {
  it('margins: m_j = m0_j·max(1, σ_j/σ₀,j)^κ, BTC’s from btc.vol against its start, the others’ from their EWMA variance', () => {
    const rec = new Float64Array(PATH.width);
    rec[PATH.vol0Btc] = 0.6;
    const sigma0 = Float64Array.from(CLASSES.map((_, j) => (j === CRYPTO ? 0 : 0.2)));
    // software's variance at twice its σ₀; the other classes' below theirs
    rec[PATH.variance + SOFTWARE] = 0.4 ** 2 / DAYS_PER_YEAR;
    const margin0 = new Float64Array(N).fill(0.1);
    const margin = rec.subarray(PATH.margin, PATH.margin + N);
    setMargins(rec, 0, 0.9, 1, margin0, sigma0);
    expect(margin[CRYPTO]).toBeCloseTo(0.15, 12); // 0.1 · 0.9/0.6
    expect(margin[SOFTWARE]).toBeCloseTo(0.2, 12); // 0.1 · 2
    for (let j = 0; j < N; j++) if (j !== CRYPTO && j !== SOFTWARE) expect(margin[j]).toBe(0.1); // calmer than at the start: m0
    setMargins(rec, 0, 0.9, 2, margin0, sigma0);
    expect(margin[CRYPTO]).toBeCloseTo(0.225, 12); // 0.1 · 1.5²
    expect(margin[SOFTWARE]).toBeCloseTo(0.4, 12);
    setMargins(rec, 0, 0.3, 1, margin0, sigma0);
    expect(margin[CRYPTO]).toBe(0.1); // calmer than at the start: m0
  });

  it('they sell lowest conviction first until the requirement meets equity; with no equity they sell everything', () => {
    const rec = new Float64Array(PATH.width);
    rec[PATH.levPosition + CRYPTO] = 50;
    rec[PATH.levPosition + SOFTWARE] = 40;
    rec[PATH.levEquity] = 40;
    rec[PATH.margin + CRYPTO] = 1;
    rec[PATH.margin + SOFTWARE] = 0.3;
    const order = Int32Array.from([CRYPTO, SOFTWARE, 2, 3, 4]);
    const sales = new Float64Array(STRATEGIC.width);
    const round = rec.subarray(PATH.roundSales, PATH.roundSales + N);
    const sell = () => leveragedSales(rec, Int32Array.of(0), 1, order, sales);
    sell();
    // 50 + 12 = 62 > 40: free 22 by selling 22 of crypto (m = 1)
    expect(round[CRYPTO]).toBeCloseTo(22, 12);
    expect(round[SOFTWARE]).toBe(0);
    expect(rec[PATH.levPosition + CRYPTO]).toBeCloseTo(28, 12);
    // within the requirement: nothing more
    round.fill(0);
    sell();
    expect(round.every((s) => s === 0)).toBe(true);
    rec[PATH.levEquity] = 0;
    sell();
    expect(round[CRYPTO]).toBeCloseTo(28, 12);
    expect(round[SOFTWARE]).toBe(40);
  });
});
