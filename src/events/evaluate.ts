import type { CompiledCondition, EventInstruction, Operand } from './expression.js';

/**
 * When an event with logic happens on a path: the first step at which its condition has held
 * `forSteps` steps in a row and `count` steps in all, counting only steps inside its window.
 * Plain data (it travels in the run plan to worker threads).
 */
export interface EventLogic {
  condition: CompiledCondition;
  /** Steps in a row the condition must hold (`for: 14d` at 1 day per step: 14); 1 = once. */
  forSteps: number;
  /** Steps in all (not necessarily in a row) the condition must hold (`count: 3`); 1 = once. */
  count: number;
  /**
   * The steps that count: steps [fromStep, toStep] (`within: 30d` of the start or of a date),
   * or the steps from another event's step on a path to `steps` after it (`within: {days, after}`).
   */
  window?: { fromStep: number; toStep: number } | { afterEvent: string; steps: number };
}

/** A loop over the block's first `paths` lanes. */
type Kernel = (paths: number) => void;

/**
 * Evaluates one event with logic over a block: each instruction of its condition is one loop
 * over the paths (closures built once per plan), then the window, run length and count are
 * updated per path. Nothing is allocated per step.
 */
export class EventEvaluator {
  private readonly kernels: Kernel[] = [];
  private readonly truth: Float64Array;
  /** Steps in a row the condition has held, per path. */
  private readonly run: Int32Array;
  /** Steps in all the condition has held, per path. */
  private readonly held: Int32Array;
  private readonly after: Int32Array | null;

  /**
   * @param logic - the compiled event
   * @param signal - a signal's current-step buffer by name
   * @param firstPassage - an event's first-passage steps (−1: not yet) by name, for `happened` and `after`
   * @param alloc - allocates a Float64Array or Int32Array of the block size
   */
  constructor(
    readonly logic: EventLogic,
    signal: (name: string) => Float64Array,
    firstPassage: (name: string) => Int32Array,
    alloc: { float64: () => Float64Array; int32: () => Int32Array },
  ) {
    const regs = Array.from({ length: logic.condition.registers }, () => alloc.float64());
    const operand = (o: Operand): Float64Array => {
      if ('r' in o) return regs[o.r];
      if ('s' in o) return signal(o.s);
      const c = alloc.float64();
      c.fill(o.k);
      return c;
    };
    for (const ins of logic.condition.instructions) this.kernels.push(kernel(ins, regs, operand, firstPassage));
    this.truth = operand(logic.condition.result);
    this.run = alloc.int32();
    this.held = alloc.int32();
    this.after = logic.window && 'afterEvent' in logic.window ? firstPassage(logic.window.afterEvent) : null;
  }

  /** Clears the per-path counters for a new block. */
  reset(paths: number): void {
    this.run.fill(0, 0, paths);
    this.held.fill(0, 0, paths);
  }

  /** Evaluates step t; sets fp[i] = t where the event first happens, and returns how many paths did. */
  observe(t: number, fp: Int32Array, paths: number): number {
    for (const k of this.kernels) k(paths);
    const { truth, run, held, after } = this;
    const { forSteps, count, window } = this.logic;
    let from = 0;
    let to = Number.MAX_SAFE_INTEGER;
    let span = 0;
    if (window && 'fromStep' in window) {
      from = window.fromStep;
      to = window.toStep;
    } else if (window) span = window.steps;
    // outside a fixed window nothing counts, and a run is broken
    if (t < from || t > to) {
      run.fill(0, 0, paths);
      return 0;
    }
    let hits = 0;
    for (let i = 0; i < paths; i++) {
      const v = truth[i];
      let on = v !== 0 && v === v;
      if (after !== null) {
        const s = after[i];
        on = on && s >= 0 && t >= s && t - s <= span;
      }
      if (on) {
        run[i]++;
        held[i]++;
      } else run[i] = 0;
      if (fp[i] < 0 && on && run[i] >= forSteps && held[i] >= count) {
        fp[i] = t;
        hits++;
      }
    }
    return hits;
  }
}

/** One instruction as a loop over the block. */
function kernel(ins: EventInstruction, regs: Float64Array[], operand: (o: Operand) => Float64Array, firstPassage: (name: string) => Int32Array): Kernel {
  const d = regs[ins.dst];
  if (ins.op === 'happened') {
    const fp = firstPassage(ins.event);
    return (n) => {
      for (let i = 0; i < n; i++) d[i] = fp[i] >= 0 ? 1 : 0;
    };
  }
  const a = operand(ins.a);
  if (!('b' in ins)) {
    switch (ins.op) {
      case 'not':
        return (n) => {
          for (let i = 0; i < n; i++) d[i] = a[i] !== 0 && a[i] === a[i] ? 0 : 1;
        };
      case 'truth':
        return (n) => {
          for (let i = 0; i < n; i++) d[i] = a[i] !== 0 && a[i] === a[i] ? 1 : 0;
        };
      case 'neg':
        return (n) => {
          for (let i = 0; i < n; i++) d[i] = -a[i];
        };
      case 'abs':
        return (n) => {
          for (let i = 0; i < n; i++) d[i] = Math.abs(a[i]);
        };
    }
  }
  const b = operand((ins as { b: Operand }).b);
  switch (ins.op) {
    case '<':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] < b[i] ? 1 : 0;
      };
    case '<=':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] <= b[i] ? 1 : 0;
      };
    case '>':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] > b[i] ? 1 : 0;
      };
    case '>=':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] >= b[i] ? 1 : 0;
      };
    case '==':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] === b[i] ? 1 : 0;
      };
    case '!=':
      // NaN fails every comparison, != included (a NaN signal never makes an event happen)
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] !== b[i] && a[i] === a[i] && b[i] === b[i] ? 1 : 0;
      };
    case 'and':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] !== 0 && a[i] === a[i] && b[i] !== 0 && b[i] === b[i] ? 1 : 0;
      };
    case 'or':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = (a[i] !== 0 && a[i] === a[i]) || (b[i] !== 0 && b[i] === b[i]) ? 1 : 0;
      };
    case '+':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] + b[i];
      };
    case '-':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] - b[i];
      };
    case '*':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] * b[i];
      };
    case '/':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = a[i] / b[i];
      };
    case 'min':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = Math.min(a[i], b[i]);
      };
    case 'max':
      return (n) => {
        for (let i = 0; i < n; i++) d[i] = Math.max(a[i], b[i]);
      };
  }
  throw new Error(`unknown event instruction ${(ins as { op: string }).op}`);
}
