import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

/** A stream that keeps what is written, and a clock the test moves. */
function fakes() {
  const written: string[] = [];
  const stream = { isTTY: false, write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream;
  let t = 0;
  return { written, stream, now: () => t, advance: (ms: number) => (t += ms) };
}

describe('progress when stderr is not a terminal', () => {
  it('says at once what runs, then a plain line at most every few seconds, and the end', () => {
    const f = fakes();
    const p = new Progress(f.stream, 'running', { now: f.now, plainEveryMs: 5000 });
    p.start(10_000, '10 blocks on 2 thread(s)');
    expect(f.written).toEqual(['running: 10,000 paths (10 blocks on 2 thread(s))\n']);
    f.advance(1000);
    p.update(1024, 10_000); // too soon for another line
    expect(f.written).toHaveLength(1);
    f.advance(5000);
    p.update(2048, 10_000);
    expect(f.written[1]).toBe('running: 2,048/10,000 paths (20%), 6.0 s, about 23.3 s left\n');
    p.update(10_000, 10_000);
    expect(f.written[2]).toMatch(/^running: 10,000\/10,000 paths \(100%\), 6\.0 s, done\n$/);
    p.finish();
  });

  it('estimates no time left before a tenth of the paths are done (the workers are still starting)', () => {
    const f = fakes();
    const p = new Progress(f.stream, 'running', { now: f.now, plainEveryMs: 0 });
    p.start(10_000, 'x');
    f.advance(8000);
    p.update(500, 10_000);
    expect(f.written[1]).toContain('estimating time left');
    p.finish();
  });

  it('shows nothing when disabled (--json)', () => {
    const f = fakes();
    const p = new Progress(f.stream, 'running', { enabled: false, now: f.now });
    p.start(10, 'x');
    p.update(10, 10);
    p.finish();
    expect(f.written).toEqual([]);
  });
});
