import type { ModelRegistry } from '../engine/model.js';
import { defaultSettings } from '../engine/prepare.js';
import { signalList } from '../engine/signals.js';

/**
 * What the models declare about showing their signals: the few headline signals of each model,
 * and the signals computed from parameters alone (inputs, not outcomes). Read from the models'
 * declarations for the settings a run used (a lender's signals depend on its lenders), so a
 * stored run is shown with the declarations of the code that shows it.
 */
export interface SignalRoles {
  /** Signals the summary and the report's first screen show. */
  headline: ReadonlySet<string>;
  /** Signals that only repeat parameters (`derivedFromParams`). */
  inputs: ReadonlySet<string>;
}

/** No declarations known: no headline (readers then show every signal) and no inputs. */
export const NO_ROLES: SignalRoles = { headline: new Set(), inputs: new Set() };

/** The roles of the signals of a resolved scenario (`resolved.models`: each model's settings). */
export function signalRoles(registry: ModelRegistry, resolved: Record<string, unknown>): SignalRoles {
  const headline = new Set<string>();
  const inputs = new Set<string>();
  const models = (resolved.models ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, settings] of Object.entries(models)) {
    const def = registry.models.find((m) => m.name === name);
    if (!def) continue;
    let decls;
    try {
      decls = signalList(def.io({ ...defaultSettings(def), ...settings } as never).signals);
    } catch {
      // settings this code no longer reads (an old stored run): no roles for this model
      continue;
    }
    for (const d of decls) {
      if (d.kind !== 'written') continue;
      if (d.headline) headline.add(d.name);
      if (d.derivedFromParams) inputs.add(d.name);
    }
  }
  return { headline, inputs };
}
