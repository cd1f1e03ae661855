import type { LiveView } from '../src/server/live-view.js';
import type { ScheduleEntry } from './timeline.js';

export type { LiveEvent, LiveView } from '../src/server/live-view.js';
export type { ParamListing } from '../src/cli/models-table.js';

/** A run as GET /runs and GET /runs/:id give it. */
export interface RunListing {
  id: string;
  scenario: string;
  status: 'queued' | 'running' | 'complete' | 'failed' | 'interrupted';
  createdAt: string;
  paths: number;
  error: string | null;
  progress: { pathsDone: number; pathsTotal: number } | null;
  views?: LiveView[];
  /** The run's schedule (GET /runs/:id, when the server knows it). */
  schedule?: ScheduleEntry[];
}

/** The server's token: from the page's #token=… once, then kept for this tab. */
export function token(): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem('cascade-token', decodeURIComponent(m[1]));
    location.hash = location.hash.replace(/[#&]?token=[^&]+/, '') || '#/';
  }
  return sessionStorage.getItem('cascade-token');
}

/** A URL of the API with the token as a query parameter (for EventSource and links). */
export function withToken(url: string): string {
  const t = token();
  return t ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(t)}` : url;
}

/** Calls the API; a problem document becomes an Error carrying it. */
export async function api<T>(url: string, init: RequestInit = {}): Promise<T> {
  const t = token();
  const headers: Record<string, string> = { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(t ? { authorization: `Bearer ${t}` } : {}) };
  const res = await fetch(url, { ...init, headers });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error(body?.detail ?? `${res.status} ${res.statusText}`), { problem: body });
  return body as T;
}
