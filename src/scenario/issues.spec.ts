import { describe, expect, it } from 'vitest';
import { getIn } from './issues.js';

describe('getIn', () => {
  it('follows keys and list indexes, and is undefined where the path leaves the document', () => {
    const doc = { models: { network: { fleet: [{ name: 'S21' }] } }, n: null };
    expect(getIn(doc, ['models', 'network', 'fleet', 0, 'name'])).toBe('S21');
    expect(getIn(doc, [])).toBe(doc);
    expect(getIn(doc, ['models', 'market'])).toBeUndefined();
    expect(getIn(doc, ['n', 'x'])).toBeUndefined();
    // own keys only: nothing from the prototype
    expect(getIn(doc, ['toString'])).toBeUndefined();
  });
});
