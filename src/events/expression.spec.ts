import { describe, expect, it } from 'vitest';
import { EventEvaluator } from './evaluate.js';
import { compileCondition, ExpressionError } from './expression.js';

const scope = { signals: new Set(['btc.price', 'lender.pb.cash', 'x']), events: new Set(['crash']) };

function error(text: string): ExpressionError {
  try {
    compileCondition(text, scope);
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`no error for ${text}`);
}

describe('compileCondition', () => {
  it('compiles to one instruction per operator, constants folded into operands', () => {
    const c = compileCondition('not (btc.price < -5 * 2) and happened("crash")', scope);
    expect(c.instructions.map((i) => i.op)).toEqual(['*', '<', 'not', 'happened', 'and']);
    expect(c.instructions[0]).toEqual({ op: '*', dst: 0, a: { k: -5 }, b: { k: 2 } });
    expect(c.signals).toEqual(['btc.price']);
    expect(c.events).toEqual(['crash']);
    expect(c.result).toEqual({ r: 4 });
    // a bare signal is its own truth, without a register
    expect(compileCondition('lender.pb.cash', scope)).toMatchObject({ instructions: [], result: { s: 'lender.pb.cash' } });
  });

  it('points at the problem: unknown names, syntax, texts, functions', () => {
    expect(error('x > 1 and btc.prise < 2')).toMatchObject({ offset: 10, unknown: { kind: 'signal', name: 'btc.prise' } });
    expect(error("happened('crsh')")).toMatchObject({ offset: 10, unknown: { kind: 'event', name: 'crsh' } });
    expect(error('x >').message).toContain('syntax error');
    expect(error('x > "a"').message).toContain('texts name events only inside happened');
    expect(error('sqrt(x) > 1').message).toContain('expected one of the functions happened, abs, min, max, found sqrt');
    expect(error('x > 1 x < 2').message).toContain('found several');
    expect(error('1 < 2').message).toContain('found a constant');
  });
});

describe('EventEvaluator', () => {
  it('evaluates a block lane by lane, NaN false in every comparison, with run lengths and a window', () => {
    const price = Float64Array.from([1, 5, NaN, 10]);
    const logic = { condition: compileCondition('x != 3 and x < 7', { signals: new Set(['x']), events: new Set<string>() }), forSteps: 2, count: 1, window: { fromStep: 1, toStep: 3 } };
    const ev = new EventEvaluator(logic, () => price, () => new Int32Array(4), { float64: () => new Float64Array(4), int32: () => new Int32Array(4) });
    const fp = new Int32Array(4).fill(-1);
    ev.reset(4);
    expect(ev.observe(0, fp, 4)).toBe(0); // before the window
    expect(ev.observe(1, fp, 4)).toBe(0); // one step in a row
    expect(ev.observe(2, fp, 4)).toBe(2); // two: paths 0 and 1 (NaN and 10 never)
    expect(Array.from(fp)).toEqual([2, 2, -1, -1]);
  });
});
