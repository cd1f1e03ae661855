import { findCrossing, type Crossing, type Trial } from './find-crossing.js';

/*
 * The multi-input reverse stress test: the smallest joint move of several inputs that makes an
 * event's probability reach the target. Each input i moves from a baseline `from` toward a
 * stressed `to`; its move is the share s_i ∈ [0, 1] of that span, and a joint move's size is
 * the Euclidean norm ‖s‖₂ (each input counted in units of its own span, so inputs of different
 * units are comparable, and a move of one input all the way is 1).
 *
 * The search runs along rays from the baseline: for each direction u (‖u‖ = 1, u ≥ 0) the
 * one-input finder locates t* with P(t·u) = target, and the smallest t* over the directions
 * is the answer (resolution: the angle between directions). Every trial uses the same seed,
 * so the rays are compared on common random numbers.
 */

/** One ray's result: its direction, the crossing along it (t = ‖s‖₂) and that point's shares. */
export interface RayResult {
  direction: number[];
  crossing: Crossing;
  /** The shares s at the crossing (null when the ray never reaches the target inside the box). */
  shares: number[] | null;
}

/** The smallest joint move found. */
export interface JointMove {
  /** Rays tried, in order. */
  rays: RayResult[];
  /** The ray with the smallest crossing, or null if none reaches the target. */
  best: RayResult | null;
}

/**
 * Directions to try in k dimensions: for two inputs, `steps` angles evenly spaced over the
 * quarter circle; for more, each axis, each pair's diagonal and the full diagonal.
 */
export function rayDirections(k: number, steps = 7): number[][] {
  if (k === 1) return [[1]];
  if (k === 2) return Array.from({ length: steps }, (_, j) => (j * Math.PI) / 2 / (steps - 1)).map((a) => [Math.cos(a), Math.sin(a)].map((v) => (Math.abs(v) < 1e-15 ? 0 : v)));
  const out: number[][] = [];
  for (let i = 0; i < k; i++) out.push(Array.from({ length: k }, (_, j) => (j === i ? 1 : 0)));
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) out.push(Array.from({ length: k }, (_, m) => (m === i || m === j ? Math.SQRT1_2 : 0)));
  out.push(new Array<number>(k).fill(1 / Math.sqrt(k)));
  return out;
}

/**
 * Finds the smallest joint move (‖s‖₂) at which `trial(s)` reaches `target`, along
 * `directions` (default {@link rayDirections}). `trial` should use the same seed each time.
 */
export async function findSmallestJointMove(
  trial: (shares: number[]) => Promise<Trial>,
  options: { inputs: number; target: number; directions?: number[][]; trialsPerRay?: number; onRay?: (r: RayResult, k: number) => void },
): Promise<JointMove> {
  const directions = options.directions ?? rayDirections(options.inputs);
  const rays: RayResult[] = [];
  // every ray starts at the baseline: run it once
  const seen = new Map<string, Promise<Trial>>();
  const cached = (shares: number[]) => {
    const key = JSON.stringify(shares);
    if (!seen.has(key)) seen.set(key, trial(shares));
    return seen.get(key)!;
  };
  for (const u of directions) {
    // along u the box [0, 1]^k ends where the largest share reaches 1
    const tMax = 1 / Math.max(...u);
    const crossing = await findCrossing((t) => cached(u.map((v) => v * t)).then((r) => ({ ...r, x: t })), { target: options.target, range: [0, tMax], maxTrials: options.trialsPerRay ?? 8 });
    const ray = { direction: u, crossing, shares: crossing.x === null ? null : u.map((v) => v * crossing.x!) };
    rays.push(ray);
    options.onRay?.(ray, rays.length - 1);
  }
  const reached = rays.filter((r) => r.crossing.x !== null);
  const best = reached.length ? reached.reduce((a, b) => (b.crossing.x! < a.crossing.x! ? b : a)) : null;
  return { rays, best };
}
