import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { FLAGSHIP_SCENARIO } from '../run-scenario.js';
import { closest } from '../scenario/issues.js';
import { UsageError } from './run-command.js';
import { textTable, wrapText } from './summary-table.js';

/** The folder of the built-in scenarios. */
export const BUILTIN_DIR = path.dirname(FLAGSHIP_SCENARIO);

/** One built-in scenario: its name (the file's, without .yaml) and the first sentence of its description. */
export interface BuiltinScenario {
  name: string;
  extends: string | null;
  description: string;
}

/** The built-in scenarios, by name. */
export function builtinScenarios(): BuiltinScenario[] {
  return fs
    .readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      let doc: { description?: unknown; extends?: unknown } = {};
      try {
        doc = (parse(fs.readFileSync(path.join(BUILTIN_DIR, f), 'utf8')) ?? {}) as typeof doc;
      } catch {
        // a broken built-in still lists; `cascade validate NAME` says what is wrong
      }
      const text = typeof doc.description === 'string' ? doc.description.replace(/\s+/g, ' ').trim() : '';
      const sentence = text.match(/^.*?\.(\s|$)/)?.[0].trim() ?? text;
      return { name: f.replace(/\.yaml$/, ''), extends: typeof doc.extends === 'string' ? doc.extends : null, description: sentence };
    });
}

/** `cascade scenarios`: the built-ins, one line each, to the terminal's width. */
export function scenariosText(width: number): string {
  const list = builtinScenarios();
  const rows = [['scenario', 'what it asks'], ...list.map((s) => [s.name, s.description + (s.extends ? ` (extends ${s.extends})` : '')])];
  return `${textTable(rows, { width, wrapLast: 30 })}\n\n${wrapText(`cascade run NAME runs one (the default: flagship); cascade validate NAME checks it; the files are in ${BUILTIN_DIR}`, width)}\n`;
}

/**
 * A scenario argument as a file: a built-in name (no slash, no .yaml) means scenarios/NAME.yaml;
 * a name that is not a built-in is refused with the built-ins listed and the nearest named.
 */
export function resolveScenarioArg(file: string): string {
  if (!/^[\w-]+$/.test(file)) return file;
  const builtin = path.join(BUILTIN_DIR, `${file}.yaml`);
  if (fs.existsSync(builtin) || fs.existsSync(file)) return fs.existsSync(builtin) ? builtin : file;
  const names = builtinScenarios().map((s) => s.name);
  const guess = closest(file, names);
  throw new UsageError(`no built-in scenario named ${JSON.stringify(file)}${guess ? `; did you mean ${guess}?` : ''} (built-ins: ${names.join(', ')}; cascade scenarios describes them; a file path works too)`);
}
