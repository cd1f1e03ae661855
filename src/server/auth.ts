import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Whether `host` (as given to --host) is a loopback address or localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * A checker of the server's token: compares SHA-256 digests with `timingSafeEqual`, so the
 * time taken says nothing of how much of a guess matched, nor of the token's length.
 */
export function tokenChecker(token: string): (given: string | undefined) => boolean {
  const want = digest(token);
  return (given) => given !== undefined && timingSafeEqual(digest(given), want);
}

/** The token of a request: `Authorization: Bearer T`, else the `token` query parameter (EventSource and links cannot set headers). */
export function requestToken(headers: Record<string, unknown>, url: string): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  try {
    return new URLSearchParams(url.slice(q + 1)).get('token') ?? undefined;
  } catch {
    return undefined;
  }
}
