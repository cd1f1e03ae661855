import { z } from 'zod';
import { daysBetween } from '../engine/calendar.js';
import { isoDateSchema } from '../engine/iso-date.js';
import type { PlannedEvent } from '../engine/run-plan.js';
import type { EventLogic } from '../events/evaluate.js';
import { compileCondition, ExpressionError } from '../events/expression.js';
import { closest, describeFound } from './issues.js';

/*
 * A scenario's `events:` entries as the run watches them. The simple form (`btc.price < 60000`,
 * nothing else) stays the engine's one-comparison event, so its results are unchanged; any
 * other condition, or one with `within`, `for` or `count`, is compiled with jsep into array
 * instructions (src/events).
 */

/** `30d`, `4w` or a number of days. */
export const durationSchema = z
  .union([z.number().positive(), z.string().regex(/^\s*\d+(\.\d+)?\s*[dw]\s*$/, 'a duration such as 30d or 4w (days, weeks)')])
  .meta({ description: 'A duration: a number of days, or a text such as 30d or 4w' });

/** The fields of an event entry beyond name/when/description (added to the scenario schema). */
export const eventLogicFields = {
  within: z
    .union([
      durationSchema,
      z.strictObject({
        days: durationSchema,
        from: isoDateSchema.optional().meta({ description: 'Count from this date (default: the start)' }),
        after: z.string().optional().meta({ description: 'Count from the step another event (declared before this one, or a model event) happens on each path' }),
      }),
    ])
    .optional()
    .meta({ description: 'Only steps within this many days of the start (or of `from`, or of the event `after`) count' }),
  for: durationSchema.optional().meta({ description: 'The condition must hold this long in a row (e.g. 14d); the event happens on the last day' }),
  count: z.int().min(1).optional().meta({ description: 'The condition must have held on this many steps in all (not necessarily in a row)' }),
};

/** An event entry of a validated scenario. */
export interface ScenarioEventEntry {
  name: string;
  when: string;
  description: string;
  within?: z.output<(typeof eventLogicFields)['within']>;
  for?: z.output<(typeof eventLogicFields)['for']>;
  count?: number;
}

/** A problem with an event entry: the field, the message and, for the condition, the offset in its text. */
export interface EventProblem {
  field: 'when' | 'within' | 'for' | 'count';
  message: string;
  offset?: number;
}

const SIMPLE_CONDITION = /^\s*([A-Za-z_][\w.]*)\s*(<=|>=|<|>)\s*(-?(?:\d[\d_]*)(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i;

/** Parses "btc.price < 60000" into its parts, or null. */
export function parseSimpleCondition(when: string): { signal: string; op: '<' | '<=' | '>' | '>='; value: number } | null {
  const m = SIMPLE_CONDITION.exec(when);
  if (!m) return null;
  return { signal: m[1], op: m[2] as '<' | '<=' | '>' | '>=', value: Number(m[3].replace(/_/g, '')) };
}

/** Days in a duration (`30d` → 30, `2w` → 14, 5 → 5). */
export function durationDays(d: number | string): number {
  if (typeof d === 'number') return d;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([dw])\s*$/.exec(d)!;
  return Number(m[1]) * (m[2] === 'w' ? 7 : 1);
}

/** What an event may read: signals of the enabled models and events evaluated before it. */
export interface EventContext {
  start: string;
  stepDays: number;
  horizonDays: number;
  signals: ReadonlySet<string>;
  /** Events planned before this one (model events first, then the scenario's in order). */
  earlierEvents: ReadonlySet<string>;
}

/**
 * Plans one event entry: the simple form as before, anything else compiled. Returns the
 * planned event, or the problems found (each with its field, and an offset into `when`).
 */
export function planScenarioEvent(ev: ScenarioEventEntry, ctx: EventContext): { event?: PlannedEvent; problems: EventProblem[] } {
  const problems: EventProblem[] = [];
  const simple = parseSimpleCondition(ev.when);
  const hasLogic = ev.within !== undefined || ev.for !== undefined || ev.count !== undefined;
  if (simple && !hasLogic) {
    if (!ctx.signals.has(simple.signal)) problems.push({ field: 'when', message: unknownName('signals of the enabled models', simple.signal, [...ctx.signals]), offset: ev.when.indexOf(simple.signal) });
    return problems.length ? { problems } : { event: { name: ev.name, description: ev.description, ...simple }, problems };
  }
  let condition;
  try {
    condition = compileCondition(ev.when, { signals: ctx.signals, events: ctx.earlierEvents });
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    let message = err.message;
    if (err.unknown?.kind === 'signal') message = unknownName('signals of the enabled models', err.unknown.name, [...ctx.signals]);
    else if (err.unknown?.kind === 'event') message = unknownName("events declared before this one (happened('name'))", err.unknown.name, [...ctx.earlierEvents]);
    else if (/syntax error|several/.test(message)) message = `${message.replace(/^expected [^,]*, found /, `expected a condition "signal op number" (e.g. "btc.price < 60000"), joined with and / or / not, comparing signals, numbers and arithmetic, found ${describeFound(ev.when)}: `)}`;
    problems.push({ field: 'when', message, offset: err.offset });
  }
  const stepDays = ctx.stepDays;
  let forSteps = 1;
  if (ev.for !== undefined) {
    const days = durationDays(ev.for);
    forSteps = Math.max(1, Math.ceil(days / stepDays - 1e-9));
    if (days > ctx.horizonDays) problems.push({ field: 'for', message: `expected a duration within the horizon (${ctx.horizonDays} days), found ${days} days` });
    if (ev.count !== undefined) problems.push({ field: 'count', message: 'expected either for: (steps in a row) or count: (steps in all), found both' });
  }
  let window: EventLogic['window'];
  if (ev.within !== undefined) {
    const spec = typeof ev.within === 'object' ? ev.within : { days: ev.within };
    const days = durationDays(spec.days);
    if ('after' in spec && spec.after !== undefined) {
      if ('from' in spec && spec.from !== undefined) problems.push({ field: 'within', message: `expected from: (a date) or after: (an event), found both` });
      if (!ctx.earlierEvents.has(spec.after)) problems.push({ field: 'within', message: unknownName('events declared before this one', spec.after, [...ctx.earlierEvents]) });
      window = { afterEvent: spec.after, steps: Math.floor(days / stepDays + 1e-9) };
    } else {
      const fromDay = 'from' in spec && spec.from !== undefined ? daysBetween(ctx.start, spec.from) : 0;
      if (!(fromDay >= 0 && fromDay <= ctx.horizonDays)) problems.push({ field: 'within', message: `expected a from: date between the start ${ctx.start} and the horizon end, found ${(spec as { from?: string }).from}` });
      window = { fromStep: Math.ceil(fromDay / stepDays - 1e-9), toStep: Math.floor((fromDay + days) / stepDays + 1e-9) };
    }
  }
  if (problems.length || !condition) return { problems };
  const logic: EventLogic = { condition, forSteps, count: ev.count ?? 1, ...(window ? { window } : {}) };
  return { event: { name: ev.name, description: ev.description, signal: '', op: '>', value: 0, logic }, problems };
}

/** "expected one of the known KIND (…), found "x"; did you mean y?" (lists of signals are long: the first 40). */
function unknownName(kind: string, name: string, known: string[]): string {
  const guess = closest(name, known);
  const shown = known.length > 40 ? `${known.slice(0, 40).join(', ')}, … ${known.length - 40} more` : known.join(', ');
  return `expected one of the known ${kind} (${shown || 'none'}), found ${JSON.stringify(name)}${guess ? `; did you mean ${guess}?` : ''}`;
}
