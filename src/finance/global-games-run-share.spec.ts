import { describe, expect, it } from 'vitest';
import { globalGamesRunShare } from './global-games-run-share.js';

describe('globalGamesRunShare', () => {
  it('half the clients run when the fundamental sits on the threshold', () => {
    expect(globalGamesRunShare(1, 1, 0.05)).toBeCloseTo(0.5, 7);
  });

  it('one noise-sd above the threshold: Φ(−1) ≈ 15.9% run', () => {
    expect(globalGamesRunShare(1.05, 1, 0.05)).toBeCloseTo(0.158655, 6);
  });

  it('without noise it is a step at the threshold', () => {
    expect(globalGamesRunShare(0.999999, 1, 0)).toBe(1);
    expect(globalGamesRunShare(1, 1, 0)).toBe(0);
    expect(globalGamesRunShare(1.2, 1, 0)).toBe(0);
  });

  it('falls as coverage rises, and tends to the step as noise shrinks', () => {
    expect(globalGamesRunShare(0.9, 1, 0.1)).toBeGreaterThan(globalGamesRunShare(1.1, 1, 0.1));
    expect(globalGamesRunShare(0.99, 1, 1e-6)).toBe(1);
    expect(globalGamesRunShare(1.01, 1, 1e-6)).toBe(0);
  });
});
