import { describe, expect, it } from 'vitest';
import { modelHarness } from '../../engine/harness.test-helper.js';
import { supply } from './index.js';
import { CUSTOMS_DAYS, OPEN_SHARE, POLICY_INDEX } from './layout.js';

/* The preset in force and the targeted suppliers, read from the parameters a scheduled set may change (policy.ts), on the real engine. */
describe('supply: a scheduled set of what may change', () => {
  it('retargets the policy mid-run: a set of targetedSuppliers applies the preset in force to the sources it names from that step', () => {
    const h = modelHarness({ models: [supply], paths: 2, settings: { supply: { policy: 'mitigation' } } }).init();
    h.step(10);
    const microbt = () => h.signal('supply.rig.microbt.leadTimeDays')[1];
    // not targeted: 35 days of production and freight + 5 of customs + 4 of delivery
    expect(microbt()).toBeCloseTo(44, 9);
    h.setNext('supply', 'targetedSuppliers', ['bitmain', 'microbt']).step();
    // targeted: + 21 days of customs and a 30-day licence
    expect(microbt()).toBeCloseTo(90, 9);
    expect(h.signal('supply.rig.bitmain.leadTimeDays')[0]).toBeCloseTo(90, 9);
    h.setNext('supply', 'targetedSuppliers', ['microbt']).step();
    expect(microbt()).toBeCloseTo(90, 9);
    expect(h.signal('supply.rig.bitmain.leadTimeDays')[0]).toBeCloseTo(44, 9);
  });

  it('switches the preset in force with a set of policy, on every path, and writes it to the model-wide signals', () => {
    const h = modelHarness({ models: [supply], paths: 3 }).init().step(5);
    expect([...h.signal(POLICY_INDEX).subarray(0, 3)]).toEqual([0, 0, 0]);
    h.setNext('supply', 'policy', 'entity-list').step();
    expect([...h.signal(POLICY_INDEX).subarray(0, 3)]).toEqual([2, 2, 2]);
    expect(h.signal(OPEN_SHARE)[2]).toBe(0);
    expect(h.signal(CUSTOMS_DAYS)[2]).toBe(60);
  });
});
