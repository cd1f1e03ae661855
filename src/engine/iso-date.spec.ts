import { describe, expect, it } from 'vitest';
import { isoDateSchema } from './iso-date.js';

describe('isoDateSchema', () => {
  it('takes a calendar date and names what is wrong with anything else', () => {
    expect(isoDateSchema.parse('2024-02-29')).toBe('2024-02-29');
    const message = (v: unknown) => isoDateSchema.safeParse(v).error?.issues[0].message;
    expect(message('2021-02-30')).toBe('a real calendar date');
    expect(message('2021-5-1')).toBe('a date as YYYY-MM-DD');
    expect(isoDateSchema.safeParse(20210501).success).toBe(false);
  });
});
