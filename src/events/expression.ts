import jsepModule from 'jsep';

/*
 * Event conditions with logic: `btc.price < 50000 and happened('lender.blockfills.halt')`.
 * Parsed with jsep (a maintained expression parser) and compiled to a short list of array
 * instructions, so that a run evaluates each instruction as one loop over the block's paths
 * (see evaluate.ts) rather than interpreting a tree per path.
 */

const jsep = ((jsepModule as unknown as { default?: typeof jsepModule }).default ?? jsepModule) as typeof jsepModule;
// word forms beside && || !, with the same precedence (jsep: || 1, && 2)
jsep.addBinaryOp('or', 1);
jsep.addBinaryOp('and', 2);
jsep.addUnaryOp('not');

/** Comparison operators, as written. */
export const COMPARISONS = ['<', '<=', '>', '>=', '==', '!='] as const;
/** Arithmetic operators on signals and numbers. */
export const ARITHMETIC = ['+', '-', '*', '/'] as const;
/** Functions an expression may call: `happened('event')`, `abs(x)`, `min(a, b)`, `max(a, b)`. */
export const FUNCTIONS = ['happened', 'abs', 'min', 'max'] as const;

/** An operand of an instruction: a register (`r`), a signal (`s`) or a constant (`k`). */
export type Operand = { r: number } | { s: string } | { k: number };

/**
 * One instruction: `dst ← op(a, b)` over every path of the block. Truth is 1 or 0; a value
 * is true when it is neither 0 nor NaN (NaN fails every comparison, as in the simple form).
 */
export type EventInstruction =
  | { op: (typeof COMPARISONS)[number] | (typeof ARITHMETIC)[number] | 'and' | 'or' | 'min' | 'max'; dst: number; a: Operand; b: Operand }
  | { op: 'not' | 'neg' | 'abs' | 'truth'; dst: number; a: Operand }
  | { op: 'happened'; dst: number; event: string };

/** A compiled condition: plain data, so that a plan carrying it can go to worker threads. */
export interface CompiledCondition {
  /** The condition as written. */
  text: string;
  instructions: EventInstruction[];
  /** Registers the instructions use (each a Float64Array of the block size). */
  registers: number;
  /** Where the condition's truth ends up: a register (or, for a bare signal, that signal). */
  result: Operand;
  /** Signals the condition reads. */
  signals: string[];
  /** Events whose occurrence it reads (`happened('name')`). */
  events: string[];
}

/** A problem in an expression: what, and the 0-based offset in the text it is about. */
export class ExpressionError extends Error {
  override name = 'ExpressionError';
  constructor(
    message: string,
    readonly offset: number,
    /** For an unknown name: the name, so the caller can add "did you mean". */
    readonly unknown?: { kind: 'signal' | 'event'; name: string },
  ) {
    super(message);
  }
}

/** What names an expression may use. */
export interface ExpressionScope {
  signals: ReadonlySet<string>;
  /** Events that may be read with `happened('name')`: those evaluated before this one. */
  events: ReadonlySet<string>;
}

interface JsepNode {
  type: string;
  [k: string]: unknown;
}

/** Compiles `text` into array instructions; throws {@link ExpressionError} with the offset of the problem. */
export function compileCondition(text: string, scope: ExpressionScope): CompiledCondition {
  let ast: JsepNode;
  try {
    ast = jsep(text) as unknown as JsepNode;
  } catch (err) {
    const e = err as Error & { index?: number; description?: string };
    throw new ExpressionError(`expected a condition such as "btc.price < 60000 and not happened('x')", found a syntax error: ${e.description ?? e.message}`, e.index ?? 0);
  }
  const instructions: EventInstruction[] = [];
  const signals = new Set<string>();
  const events = new Set<string>();
  let registers = 0;
  const offsetOf = (name: string) => {
    const m = new RegExp(`(^|[^\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.])`).exec(text);
    return m ? m.index + m[1].length : 0;
  };
  const emit = (make: (dst: number) => EventInstruction): Operand => {
    const dst = registers++;
    instructions.push(make(dst));
    return { r: dst };
  };
  const walk = (node: JsepNode): Operand => {
    switch (node.type) {
      case 'Literal': {
        if (typeof node.value === 'number') return { k: node.value };
        if (typeof node.value === 'boolean') return { k: node.value ? 1 : 0 };
        throw new ExpressionError(`expected a number or a signal, found the text ${String(node.raw)} (texts name events only inside happened(...))`, offsetOf(String(node.raw)));
      }
      case 'Identifier':
      case 'MemberExpression': {
        const name = dotted(node);
        if (name === undefined) throw new ExpressionError('expected a signal name such as btc.price, found an index [...]', text.indexOf('['));
        if (name === 'true' || name === 'false') return { k: name === 'true' ? 1 : 0 };
        if (!scope.signals.has(name)) throw new ExpressionError(`unknown signal ${name}`, offsetOf(name), { kind: 'signal', name });
        signals.add(name);
        return { s: name };
      }
      case 'UnaryExpression': {
        const a = walk(node.argument as JsepNode);
        const op = node.operator as string;
        if (op === 'not' || op === '!') return emit((dst) => ({ op: 'not', dst, a }));
        if (op === '-') return 'k' in a ? { k: -a.k } : emit((dst) => ({ op: 'neg', dst, a }));
        if (op === '+') return a;
        throw new ExpressionError(`expected one of the operators not ! -, found ${op}`, text.indexOf(op));
      }
      case 'BinaryExpression': {
        const op = node.operator as string;
        const a = walk(node.left as JsepNode);
        const b = walk(node.right as JsepNode);
        const norm = op === '&&' ? 'and' : op === '||' ? 'or' : op === '===' ? '==' : op === '!==' ? '!=' : op;
        if (!(COMPARISONS as readonly string[]).includes(norm) && !(ARITHMETIC as readonly string[]).includes(norm) && norm !== 'and' && norm !== 'or') {
          throw new ExpressionError(`expected an operator among and or not < <= > >= == != + - * /, found ${op}`, text.indexOf(op));
        }
        return emit((dst) => ({ op: norm as 'and', dst, a, b }));
      }
      case 'CallExpression': {
        const callee = node.callee as JsepNode;
        const fn = callee.type === 'Identifier' ? (callee.name as string) : '';
        const args = node.arguments as JsepNode[];
        const at = offsetOf(fn);
        if (fn === 'happened') {
          const arg = args[0];
          if (args.length !== 1 || arg.type !== 'Literal' || typeof arg.value !== 'string') throw new ExpressionError("expected happened('event name') with one quoted event name", at);
          const name = arg.value;
          if (!scope.events.has(name)) throw new ExpressionError(`unknown event ${name} (happened() reads events declared before this one)`, Math.max(text.indexOf(`'${name}'`), text.indexOf(`"${name}"`)) + 1, { kind: 'event', name });
          events.add(name);
          return emit((dst) => ({ op: 'happened', dst, event: name }));
        }
        if (fn === 'abs') {
          if (args.length !== 1) throw new ExpressionError(`expected abs(x) with one argument, found ${args.length}`, at);
          const a = walk(args[0]);
          return emit((dst) => ({ op: 'abs', dst, a }));
        }
        if (fn === 'min' || fn === 'max') {
          if (args.length !== 2) throw new ExpressionError(`expected ${fn}(a, b) with two arguments, found ${args.length}`, at);
          const a = walk(args[0]);
          const b = walk(args[1]);
          return emit((dst) => ({ op: fn, dst, a, b }));
        }
        throw new ExpressionError(`expected one of the functions ${FUNCTIONS.join(', ')}, found ${fn || 'a call'}`, at);
      }
      case 'Compound':
        throw new ExpressionError('expected one condition, found several (join them with and / or)', 0);
      default:
        throw new ExpressionError(`expected a condition of signals, numbers, comparisons and and/or/not, found ${node.type}`, 0);
    }
  };
  const result = walk(ast);
  if ('k' in result || (signals.size === 0 && events.size === 0)) throw new ExpressionError('expected a condition that reads at least one signal or event, found a constant', 0);
  return { text, instructions, registers, result, signals: [...signals], events: [...events] };
}

/** `btc.price` from jsep's member chain, or undefined for computed members (`a[1]`). */
function dotted(node: JsepNode): string | undefined {
  if (node.type === 'Identifier') return node.name as string;
  if (node.type !== 'MemberExpression' || node.computed) return undefined;
  const left = dotted(node.object as JsepNode);
  const prop = node.property as JsepNode;
  return left === undefined || prop.type !== 'Identifier' ? undefined : `${left}.${prop.name as string}`;
}
