import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the workbench (Vite's output): dist/web. */
export const WEB_DIST = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/web/' : '../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** One file of the workbench, held in memory. */
export interface WebAsset {
  type: string;
  body: Buffer;
}

/**
 * The built workbench, read once at start: URL path → file. Requests are answered from this
 * map only, so no path a request names is ever opened. Empty when the workbench is not built.
 */
export function loadWebAssets(dir = WEB_DIST): Map<string, WebAsset> {
  const out = new Map<string, WebAsset>();
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full, `${prefix}${e.name}/`);
      else if (e.isFile()) out.set(`/${prefix}${e.name}`, { type: TYPES[path.extname(e.name)] ?? 'application/octet-stream', body: fs.readFileSync(full) });
    }
  };
  if (fs.existsSync(path.join(dir, 'index.html'))) walk(dir, '');
  return out;
}
