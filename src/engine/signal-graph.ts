import type { ResolvedIO } from './model.js';

/** A model with its resolved I/O, as the graph sees it. */
export interface GraphNode {
  name: string;
  io: ResolvedIO;
}

/** Thrown when the enabled models cannot be ordered or wired; the message says what to change. */
export class SignalGraphError extends Error {
  override name = 'SignalGraphError';
}

/**
 * Orders models so that each runs after the writers (and contributors) of every signal it
 * reads in the current step. Reads with `prev` add no edge: they close feedback loops.
 * Ties keep the given order, so the result is stable.
 *
 * @param writersOf - for a signal no enabled model provides, the names of models that could
 *   (for a helpful message)
 */
export function orderModels(nodes: GraphNode[], writersOf: (signal: string) => string[] = () => []): GraphNode[] {
  const writer = new Map<string, string>();
  const contributors = new Map<string, string[]>();
  for (const n of nodes) {
    for (const s of n.io.writes) {
      const other = writer.get(s);
      if (other) throw new SignalGraphError(`signal ${s} is written by both ${other} and ${n.name}; only one model may write a signal (others can add to a flow signal)`);
      writer.set(s, n.name);
    }
    for (const s of n.io.adds ?? []) contributors.set(s, [...(contributors.get(s) ?? []), n.name]);
  }
  for (const s of contributors.keys()) {
    if (writer.has(s)) throw new SignalGraphError(`signal ${s} is written by ${writer.get(s)} and added to by ${contributors.get(s)!.join(', ')}; a signal is either written or a flow`);
  }
  const updaters = new Map<string, string[]>();
  for (const n of nodes) {
    for (const s of n.io.updates ?? []) {
      if (!writer.has(s)) throw new SignalGraphError(`${n.name} updates ${s}, which no enabled model writes${hintFor(s, writersOf)}`);
      updaters.set(s, [...(updaters.get(s) ?? []), n.name]);
    }
  }
  // edges: dependency -> dependent, labelled with the signal that creates them
  const deps = new Map<string, Map<string, string>>();
  for (const n of nodes) {
    const d = new Map<string, string>();
    for (const s of n.io.updates ?? []) {
      // after the writer and after the updaters listed before this one
      const chain = updaters.get(s)!;
      for (const before of [writer.get(s)!, ...chain.slice(0, chain.indexOf(n.name))]) if (before !== n.name) d.set(before, s);
    }
    for (const r of n.io.reads ?? []) {
      const revisedBy = r.prev || (n.io.updates ?? []).includes(r.name) ? [] : (updaters.get(r.name) ?? []);
      const sources = writer.has(r.name) ? [writer.get(r.name)!, ...revisedBy] : (contributors.get(r.name) ?? []);
      if (sources.length === 0 && !r.optional) {
        throw new SignalGraphError(`${n.name} reads ${r.name}, which no enabled model writes${hintFor(r.name, writersOf)}`);
      }
      if (r.prev) continue;
      for (const s of sources) if (s !== n.name) d.set(s, r.name);
    }
    deps.set(n.name, d);
  }
  const ordered: GraphNode[] = [];
  const done = new Set<string>();
  const remaining = [...nodes];
  while (remaining.length) {
    const k = remaining.findIndex((n) => [...deps.get(n.name)!.keys()].every((d) => done.has(d)));
    if (k < 0) throw new SignalGraphError(describeCycle(remaining.map((n) => n.name), deps));
    const [n] = remaining.splice(k, 1);
    ordered.push(n);
    done.add(n.name);
  }
  return ordered;
}

function hintFor(signal: string, writersOf: (signal: string) => string[]): string {
  const could = writersOf(signal);
  return could.length ? `; enable ${could.join(' or ')} in the scenario's models` : '';
}

function describeCycle(stuck: string[], deps: Map<string, Map<string, string>>): string {
  // walk dependencies among the stuck models until one repeats: that is the loop
  const inStuck = new Set(stuck);
  const seen: string[] = [];
  let at = stuck[0];
  while (!seen.includes(at)) {
    seen.push(at);
    at = [...deps.get(at)!.keys()].find((d) => inStuck.has(d))!;
  }
  const loop = seen.slice(seen.indexOf(at));
  loop.push(at);
  const steps: string[] = [];
  for (let k = 0; k < loop.length - 1; k++) steps.push(`${loop[k]} reads ${deps.get(loop[k])!.get(loop[k + 1])} from ${loop[k + 1]}`);
  return `models form a loop within one step: ${steps.join(', ')}. Break it by reading one of these signals with prev: true (the previous step's value)`;
}
