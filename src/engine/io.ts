import type { ModelDefinition, ModelIO, ResolvedIO } from './model.js';
import { signalList } from './signals.js';

/**
 * The engine's view of a model's I/O for the given settings: its signal declarations sorted
 * by kind, units gathered. Throws when a declaration contradicts another (one signal declared
 * twice by the same model).
 */
export function resolveIO(def: ModelDefinition<any, any>, settings: Record<string, unknown>): ResolvedIO {
  return resolveDeclaredIO(def.name, def.io(settings as never));
}

/** See {@link resolveIO}: the same for an `io()` result already in hand. */
export function resolveDeclaredIO(model: string, io: ModelIO): ResolvedIO {
  const out: ResolvedIO & { coupling: string[] } = { writes: [], adds: [], updates: [], reads: [], shockable: [], state: io.state, events: io.events ?? [], units: {}, coupling: [] };
  const seen = new Set<string>();
  for (const s of signalList(io.signals)) {
    // a signal is declared once, except that a model may also read its previous-step value
    const key = s.prev ? `${s.name}#prev` : s.name;
    if (seen.has(key)) throw new Error(`model ${model} declares signal ${s.name} twice`);
    seen.add(key);
    switch (s.kind) {
      case 'written':
        if (s.coupling) out.coupling.push(s.name);
        out.writes.push(s.name);
        out.units[s.name] = s.unit;
        if (s.shockable) out.shockable.push(s.name);
        break;
      case 'added':
        if (s.coupling) out.coupling.push(s.name);
        out.adds.push(s.name);
        out.units[s.name] = s.unit;
        break;
      case 'updated':
        out.updates.push(s.name);
        break;
      case 'read':
        out.reads.push({ name: s.name, prev: s.prev, optional: s.optional });
        break;
    }
  }
  return out;
}
