import { registry } from '../models/index.js';
import { signalRoles } from '../results/signal-roles.js';
import { listParams } from './models-table.js';
import { DEFAULT_WIDTH, type SummaryOptions } from './summary-table.js';

/**
 * The summary's layout for this terminal and these options: the terminal's width (`--wide`:
 * no limit; a pipe: $COLUMNS or 100), the models' headline signals for each point's settings,
 * the swept parameters' units.
 */
export function summaryOptions(opts: { signals?: string; eventsOnly?: boolean; wide?: boolean }, stream: NodeJS.WriteStream = process.stdout): SummaryOptions {
  const columns = stream.isTTY ? stream.columns : Number(process.env.COLUMNS) || DEFAULT_WIDTH;
  return {
    width: opts.wide ? Infinity : Math.max(40, columns || DEFAULT_WIDTH),
    roles: (p) => signalRoles(registry, p.resolved),
    signals: opts.signals,
    eventsOnly: opts.eventsOnly,
    paramUnits: new Map(listParams(registry).map((p) => [`${p.model}.${p.name}`, p.unit])),
  };
}
