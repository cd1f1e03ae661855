/**
 * Seed derivation: every (scenario seed, path index, stream name) gets its own generator
 * state, so a path's random numbers never depend on which thread, shard or machine
 * simulates it, nor on how many other paths or models run beside it.
 */

/** Murmur3's 32-bit finaliser: a bijective avalanche mix of one 32-bit word. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a hash of a string to 32 bits: turns a stream name (a model's name) into an id. */
export function streamId(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const GOLDEN = 0x9e3779b9;
const TWO_32 = 4294967296;

/**
 * Writes the four xoshiro128 state words of one path into `out` at `offset`.
 *
 * @param seed - the scenario seed, a non-negative safe integer
 * @param path - the global path index (0-based), a non-negative safe integer
 * @param stream - the stream id from {@link streamId}
 */
export function seedPathState(seed: number, path: number, stream: number, out: Uint32Array, offset: number): void {
  let h = mix32((seed >>> 0) + GOLDEN);
  h = mix32(h ^ Math.floor(seed / TWO_32));
  h = mix32(h ^ stream);
  h = mix32(h ^ (path >>> 0));
  h = mix32(h ^ Math.floor(path / TWO_32) ^ GOLDEN);
  let any = 0;
  for (let k = 0; k < 4; k++) {
    // splitmix-style: successive multiples of the golden ratio, each mixed
    const w = mix32((h + Math.imul(k + 1, GOLDEN)) >>> 0);
    out[offset + k] = w;
    any |= w;
  }
  if (any === 0) out[offset] = GOLDEN; // xoshiro's one forbidden state
}
