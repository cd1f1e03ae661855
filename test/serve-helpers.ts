import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, ROOT, tempDir } from './helpers.js';

/** A `cascade serve` process started for a test, and the URL it printed. */
export interface Served {
  url: string;
  child: ChildProcess;
  store: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the built `cascade serve` on a free port (--port 0) with a fresh store, and waits
 * for the URL it prints (generous: a busy CI machine can take many seconds to start it).
 */
export function startServe(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const store = tempDir('cascade-serve-store-');
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--store', store, ...args], { cwd: ROOT, env: { ...process.env, CASCADE_DEBUG: '', CASCADE_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cascade serve printed no URL in 120 s: ${out} ${err}`)), 120_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/[^\s/]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, store, stderr: () => err, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cascade serve exited (${code}) before printing its URL: ${err}`));
    });
  });
}

/** One request to a served API: its status, content type, body as text and (when it is JSON) parsed. */
export async function apiCall(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${base}${url}`, init);
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', json, text };
}
