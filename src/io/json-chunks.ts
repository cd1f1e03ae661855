/**
 * The text of `JSON.stringify(value)`, as a sequence of pieces: objects and lists of objects
 * are walked, while lists of plain values (a signal's quantiles over every step) and other
 * leaves are stringified whole. A sweep's document can be larger than the longest string V8
 * can hold (~512 MB), and never needs to be one string: `cascade run --json` and the exports
 * write it piece by piece.
 *
 * `mapValue`, if given, is applied to every value before it is written (like a replacer that
 * ignores keys), possibly more than once: it must give back unchanged what it already mapped.
 * The run store's side files use it to keep NaN and ±Infinity.
 */
export function* jsonChunks(value: unknown, mapValue?: (v: unknown) => unknown, depth = 0): Generator<string> {
  const v = prepare(value, mapValue);
  // below the document, the points and their signals, a value is one piece: one signal (its
  // arrays over every step) at most, which the run's memory budget already holds
  if (!isContainer(v) || depth >= SPLIT_DEPTH || isFlat(v)) {
    yield stringify(v, mapValue) ?? 'null';
    return;
  }
  if (Array.isArray(v)) {
    yield '[';
    for (let k = 0; k < v.length; k++) {
      if (k) yield ',';
      const item = prepare(v[k], mapValue);
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonChunks(item, mapValue, depth + 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(v)) {
    const item = prepare((v as Record<string, unknown>)[key], mapValue);
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonChunks(item, mapValue, depth + 1);
  }
  yield '}';
}

/** How deep the walk splits: document → points → point → signals; deeper values are stringified whole. */
const SPLIT_DEPTH = 4;

/** toJSON (as JSON.stringify calls it), then the caller's mapping. */
function prepare(value: unknown, mapValue?: (v: unknown) => unknown): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: () => unknown }).toJSON();
  return mapValue ? mapValue(v) : v;
}

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

/** A list or mapping with no list or mapping inside: one JSON.stringify call. */
function isFlat(v: object): boolean {
  const values = Array.isArray(v) ? v : Object.values(v);
  for (const x of values) if (x !== null && typeof x === 'object') return false;
  return true;
}

function stringify(v: unknown, mapValue?: (v: unknown) => unknown): string | undefined {
  return mapValue ? JSON.stringify(v, (_k, x) => mapValue(x)) : JSON.stringify(v);
}
