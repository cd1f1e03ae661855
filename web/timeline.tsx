import { useEffect, useState } from 'preact/hooks';
import type { ParamListing } from './api.js';
import { axisTicks, dateAfter, dayOf, parseValue } from './schedule-edit.js';

/** A shock of a schedule entry: signal ← signal × multiply + add (each a number or a distribution). */
export interface ShockEntry {
  signal: string;
  multiply?: unknown;
  add?: unknown;
}

/** One entry of a scenario's `schedule:`, as the scenario format has it. */
export interface ScheduleEntry {
  at: string;
  note?: string;
  set?: Record<string, unknown>;
  shock?: ShockEntry[];
}

/** What a scenario lets its schedule touch (GET /scenarios/:name). */
export interface TimelineChoices {
  shockable: { signal: string; unit: string; model: string }[];
  settable: string[];
}

const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The schedule of a scenario on a day axis over its horizon: each entry a marker (click one to
 * select it, click the axis to add an entry that day), and below, the entries' fields — day,
 * note, shocks (signal, × multiply, + add) and parameter sets — limited to the signals the
 * enabled models let a scenario shock and the parameters that may change during a run.
 * `problems[k]` are the server's problems of entry k (its `schedule[k]…` paths).
 */
export function TimelineEditor(props: {
  start: string;
  horizonDays: number;
  schedule: ScheduleEntry[];
  choices: TimelineChoices;
  params: ParamListing[];
  problems: Record<number, string[]>;
  edited: boolean;
  onChange: (schedule: ScheduleEntry[]) => void;
  onReset: () => void;
}) {
  const { start, horizonDays, schedule, choices } = props;
  const [selected, setSelected] = useState<number | null>(null);
  // a marker picked on the axis brings its entry into view
  useEffect(() => {
    if (selected !== null) document.querySelector(`#timeline [data-entry="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const change = (k: number, entry: ScheduleEntry) => props.onChange(schedule.map((e, j) => (j === k ? entry : e)));
  const add = (day: number) => {
    const signal = choices.shockable[0]?.signal;
    const entry: ScheduleEntry = signal ? { at: dateAfter(start, day), shock: [{ signal, multiply: 1 }] } : { at: dateAfter(start, day), set: {} };
    props.onChange([...schedule, entry]);
    setSelected(schedule.length);
  };
  /** The day under `clientX` on the axis `el` (1 … horizon: day 0 is the start, before any entry). */
  const dayAt = (el: HTMLElement, clientX: number) => {
    const box = el.getBoundingClientRect();
    return Math.max(1, Math.min(horizonDays, Math.round(((clientX - box.left) / box.width) * horizonDays)));
  };
  const pct = (day: number) => Math.max(0, Math.min(100, (day / horizonDays) * 100));
  const ticks = axisTicks(horizonDays);
  return (
    <div id="timeline">
      <div class="muted" style="font-size:12px">
        Schedule: {start} + {horizonDays} days {props.edited && <b class="edited">edited</b>} <span>(click the axis to add an entry on that day)</span>
      </div>
      <div
        class="timeline"
        id="timeline-axis"
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('.tick')) return;
          add(dayAt(e.currentTarget as HTMLElement, e.clientX));
        }}
      >
        {ticks.map((d) => (
          <span class="axis-tick" style={`left:${pct(d)}%`}>
            {d}
          </span>
        ))}
        {schedule.map((e, k) => {
          const day = dayOf(start, e.at);
          const bad = (props.problems[k]?.length ?? 0) > 0;
          return (
            <div
              class={`tick${selected === k ? ' selected' : ''}${bad ? ' bad' : ''}`}
              data-marker={k}
              style={`left:${pct(Number.isFinite(day) ? day : 0)}%`}
              title={`${e.at} (day ${day}): ${describe(e)} (drag to move)`}
              onClick={() => setSelected(k)}
              // dragged along the axis, the entry moves by whole days
              onPointerDown={(ev) => {
                (ev.currentTarget as HTMLElement).setPointerCapture(ev.pointerId);
                setSelected(k);
              }}
              onPointerMove={(ev) => {
                const el = ev.currentTarget as HTMLElement;
                if (!el.hasPointerCapture(ev.pointerId)) return;
                const to = dateAfter(start, dayAt(el.parentElement!, ev.clientX));
                if (to !== e.at) change(k, { ...e, at: to });
              }}
            >
              <span style={`bottom:${14 + 12 * (k % 2)}px`}>{day}</span>
            </div>
          );
        })}
      </div>
      <div class="entries">
        {byDay(start, schedule).map(({ e, k }) => (
          <EntryEditor k={k} entry={e} start={start} horizonDays={horizonDays} choices={choices} params={props.params} problems={props.problems[k] ?? []} selected={selected === k} onSelect={() => setSelected(k)} onChange={(x) => change(k, x)} onRemove={() => props.onChange(schedule.filter((_, j) => j !== k))} />
        ))}
      </div>
      <p>
        <button class="quiet" id="add-entry" onClick={() => add(Math.min(horizonDays, 1))}>
          + entry
        </button>{' '}
        {props.edited && (
          <button class="quiet" id="reset-schedule" onClick={props.onReset}>
            Reset schedule
          </button>
        )}
      </p>
    </div>
  );
}

/** The entries in the order of their days (each with its index in the schedule, which problems name); unreadable dates last. */
function byDay(start: string, schedule: ScheduleEntry[]): { e: ScheduleEntry; k: number }[] {
  const day = (e: ScheduleEntry) => {
    const d = dayOf(start, e.at);
    return Number.isFinite(d) ? d : Infinity;
  };
  return schedule.map((e, k) => ({ e, k })).sort((x, y) => day(x.e) - day(y.e) || x.k - y.k);
}

function describe(e: ScheduleEntry): string {
  const shocks = (e.shock ?? []).map((s) => `${s.signal}${s.multiply !== undefined ? ` ×${show(s.multiply)}` : ''}${s.add !== undefined ? ` +${show(s.add)}` : ''}`);
  const sets = Object.entries(e.set ?? {}).map(([p, v]) => `${p}=${show(v)}`);
  return [e.note ?? '', ...shocks, ...sets].filter(Boolean).join('; ');
}

function EntryEditor(props: {
  k: number;
  entry: ScheduleEntry;
  start: string;
  horizonDays: number;
  choices: TimelineChoices;
  params: ParamListing[];
  problems: string[];
  selected: boolean;
  onSelect: () => void;
  onChange: (e: ScheduleEntry) => void;
  onRemove: () => void;
}) {
  const { entry: e, k, choices } = props;
  const day = dayOf(props.start, e.at);
  const shocks = e.shock ?? [];
  const sets = Object.entries(e.set ?? {});
  const setShock = (j: number, s: ShockEntry | null) => {
    const next = s === null ? shocks.filter((_, i) => i !== j) : shocks.map((x, i) => (i === j ? s : x));
    props.onChange(withList(e, 'shock', next));
  };
  const setSets = (next: [string, unknown][]) => props.onChange(withList(e, 'set', next.length || !e.shock ? Object.fromEntries(next) : undefined));
  const unitOf = (signal: string) => choices.shockable.find((c) => c.signal === signal)?.unit ?? '';
  const paramOf = (key: string) => {
    const [model, ...rest] = key.split('.');
    return props.params.find((p) => p.model === model && p.name === rest.join('.'));
  };
  const freeParams = choices.settable.filter((p) => !(p in (e.set ?? {})));
  return (
    <div class={`entry${props.selected ? ' selected' : ''}`} data-entry={k} onFocusIn={props.onSelect}>
      <div class="row">
        <label>
          Day
          <input type="number" data-field="day" min={1} max={props.horizonDays} step={1} value={Number.isFinite(day) ? day : ''} onChange={(x) => props.onChange({ ...e, at: dateAfter(props.start, Number((x.target as HTMLInputElement).value)) })} />
        </label>
        <label>
          Date
          <input type="text" data-field="at" value={e.at} onChange={(x) => props.onChange({ ...e, at: (x.target as HTMLInputElement).value.trim() })} />
        </label>
        <button class="danger small" data-action="remove-entry" title="remove this entry" onClick={props.onRemove}>
          ✕
        </button>
      </div>
      <label>
        Note
        <input type="text" data-field="note" value={e.note ?? ''} onChange={(x) => props.onChange(withList(e, 'note', (x.target as HTMLInputElement).value || undefined))} />
      </label>
      {shocks.map((s, j) => (
        <div class="row shock" data-shock={j}>
          <label>
            Shock {unitOf(s.signal) && <span class="u">{unitOf(s.signal)}</span>}
            <select data-field="signal" value={s.signal} onChange={(x) => setShock(j, { ...s, signal: (x.target as HTMLSelectElement).value })}>
              {!choices.shockable.some((c) => c.signal === s.signal) && <option value={s.signal}>{s.signal} (not shockable here)</option>}
              {choices.shockable.map((c) => (
                <option value={c.signal}>{c.signal}</option>
              ))}
            </select>
          </label>
          <label>
            × multiply
            <input type="text" data-field="multiply" title={show(s.multiply)} value={show(s.multiply)} placeholder="—" onChange={(x) => setShock(j, optional(s, 'multiply', (x.target as HTMLInputElement).value))} />
          </label>
          <label>
            + add
            <input type="text" data-field="add" title={show(s.add)} value={show(s.add)} placeholder="—" onChange={(x) => setShock(j, optional(s, 'add', (x.target as HTMLInputElement).value))} />
          </label>
          <button class="danger small" data-action="remove-shock" title="remove this shock" onClick={() => setShock(j, null)}>
            ✕
          </button>
        </div>
      ))}
      {sets.map(([key, value], j) => {
        const p = paramOf(key);
        return (
          <div class="row set" data-set={j}>
            <label title={p ? `${p.description}\nsource: ${p.source}` : ''}>
              Set {p && <span class="u">{`${p.unit}${p.range ? ` · ${p.range}` : ''}`}</span>}
              <select data-field="param" value={key} onChange={(x) => {
                  // another parameter starts from its default (the old value may not suit it)
                  const to = (x.target as HTMLSelectElement).value;
                  setSets(sets.map(([k2, v], i) => (i === j ? [to, paramOf(to)?.default ?? v] : [k2, v])));
                }}
              >
                {!choices.settable.includes(key) && <option value={key}>{key} (not settable here)</option>}
                {[key, ...freeParams].filter((x, i, all) => choices.settable.includes(x) && all.indexOf(x) === i).map((x) => (
                  <option value={x}>{x}</option>
                ))}
              </select>
            </label>
            <label>
              value
              {p?.kind === 'choice' && typeof value === 'string' ? (
                <select data-field="value" value={value} onChange={(x) => setSets(sets.map(([k2, v], i) => (i === j ? [k2, (x.target as HTMLSelectElement).value] : [k2, v])))}>
                  {(p.range ?? '').split(' | ').map((c) => (
                    <option value={c}>{c}</option>
                  ))}
                </select>
              ) : (
                <input type="text" data-field="value" title={show(value)} value={show(value)} onChange={(x) => setSets(sets.map(([k2, v], i) => (i === j ? [k2, parseValue((x.target as HTMLInputElement).value)] : [k2, v])))} />
              )}
            </label>
            <button class="danger small" data-action="remove-set" title="remove this parameter change" onClick={() => setSets(sets.filter((_, i) => i !== j))}>
              ✕
            </button>
          </div>
        );
      })}
      <p class="entry-actions">
        {choices.shockable.length > 0 && (
          <button class="quiet small" data-action="add-shock" onClick={() => props.onChange(withList(e, 'shock', [...shocks, { signal: choices.shockable[0].signal, multiply: 1 }]))}>
            + shock
          </button>
        )}{' '}
        {freeParams.length > 0 && (
          <button
            class="quiet small"
            data-action="add-set"
            onClick={() => {
              const p = freeParams[0];
              setSets([...sets, [p, paramOf(p)?.default ?? 0]]);
            }}
          >
            + parameter
          </button>
        )}
      </p>
      {props.problems.length > 0 && <div class="problems entry-problems">{props.problems.join('\n')}</div>}
    </div>
  );
}

/** `entry` with `key` set to `value`, or without it when `value` is undefined. */
function withList<K extends keyof ScheduleEntry>(entry: ScheduleEntry, key: K, value: ScheduleEntry[K] | undefined): ScheduleEntry {
  const out = { ...entry };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

/** The shock with `field` from its text: blank removes it. */
function optional(s: ShockEntry, field: 'multiply' | 'add', text: string): ShockEntry {
  const out = { ...s };
  if (text.trim() === '') delete out[field];
  else out[field] = parseValue(text);
  return out;
}
