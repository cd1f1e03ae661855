import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { num } from '../engine/params.js';
import { fieldDefaults, idKey, numberField, numberFieldShape, optionalNumberFieldShape, overDefaults, wholeFieldShape } from './struct-fields.js';

const fields = {
  transitDays: num({ unit: 'days', default: 10, min: 0, max: 3650, description: 'Transit.', source: 'test' }),
  share: num({ unit: 'fraction', default: 1, min: 0, max: 1, description: 'Share.', source: 'test' }),
};
const whole = { stages: num({ unit: 'stages', default: 3, min: 1, max: 12, integer: true, description: 'Stages.', source: 'test' }) };

describe('struct fields', () => {
  it('check a number field as a parameter is checked, and default it to the entry’s value or the declared one', () => {
    const entry = z.strictObject(numberFieldShape(fields, { transitDays: 35 }));
    expect(entry.parse({})).toEqual({ transitDays: 35, share: 1 });
    expect(entry.parse({ share: { dist: 'uniform', min: 0.2, max: 0.4 } }).share).toEqual({ dist: 'uniform', min: 0.2, max: 0.4 });
    const bad = entry.safeParse({ transitDays: -3 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].message).toBe('expected a number ≥ 0 and ≤ 3650 (days), found -3');
    expect(numberField(fields.share).safeParse({ dist: 'uniform', min: 0.5, max: 2 }).success).toBe(false);
  });

  it('leave optional fields out (no default) and take whole numbers only where the layout depends on them', () => {
    expect(z.strictObject(optionalNumberFieldShape(fields)).parse({ share: 0.5 })).toEqual({ share: 0.5 });
    const w = z.strictObject(wholeFieldShape(whole));
    expect(w.parse({})).toEqual({ stages: 3 });
    expect(w.safeParse({ stages: 2.5 }).success).toBe(false);
    expect(w.safeParse({ stages: 13 }).success).toBe(false);
    expect(fieldDefaults({ ...fields, ...whole })).toEqual({ transitDays: 10, share: 1, stages: 3 });
  });

  it('lay a scenario’s entries over the defaults: mappings merge, other values replace, null removes', () => {
    const defaults = { rig: { stages: 3, sources: { bitmain: { share: 0.8, transitDays: 35 }, canaan: { share: 0.2 } } }, diamond: { stages: 3 } };
    const raw = { rig: { sources: { bitmain: { transitDays: 50 }, canaan: null, microbt: { share: 0.1 } } }, diamond: null, fan: { stages: 2 } };
    expect(overDefaults(defaults, raw)).toEqual({ rig: { stages: 3, sources: { bitmain: { share: 0.8, transitDays: 50 }, microbt: { share: 0.1 } } }, fan: { stages: 2 } });
    expect(overDefaults({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    // the defaults are not changed
    expect(defaults.rig.sources.canaan).toEqual({ share: 0.2 });
  });

  it('accept ids that can be part of signal names only', () => {
    expect(idKey.safeParse('bitmain_2').success).toBe(true);
    expect(idKey.safeParse('2bitmain').success).toBe(false);
    expect(idKey.safeParse('bit.main').success).toBe(false);
  });
});
