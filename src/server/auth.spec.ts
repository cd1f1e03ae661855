import { describe, expect, it } from 'vitest';
import { isLoopback, requestToken, tokenChecker } from './auth.js';

describe('isLoopback', () => {
  it('knows loopback addresses and nothing else', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'example.com', '128.0.0.1', '::2', '']) expect(isLoopback(h), h).toBe(false);
  });
});

describe('tokenChecker', () => {
  it('accepts the token only, whatever the length of a guess', () => {
    const check = tokenChecker('s3cret-token-of-some-length');
    expect(check('s3cret-token-of-some-length')).toBe(true);
    for (const g of [undefined, '', 's', 's3cret-token-of-some-lengt', 's3cret-token-of-some-length ', 'x'.repeat(10_000)]) expect(check(g)).toBe(false);
  });
});

describe('requestToken', () => {
  it('reads a Bearer header first, else the token query parameter', () => {
    expect(requestToken({ authorization: 'Bearer abc' }, '/runs?token=zzz')).toBe('abc');
    expect(requestToken({ authorization: 'bearer   abc ' }, '/')).toBe('abc');
    expect(requestToken({}, '/runs/x/stream?a=1&token=t%20k')).toBe('t k');
    expect(requestToken({ authorization: 'Basic abc' }, '/runs')).toBeUndefined();
    expect(requestToken({}, '/runs?token')).toBe('');
  });
});
