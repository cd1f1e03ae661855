import { describe, expect, it } from 'vitest';
import { registry } from '../models/index.js';
import { signalRoles } from './signal-roles.js';

describe('signal roles from the models’ declarations', () => {
  it('reads headline and parameter-derived signals for the settings a run used', () => {
    const roles = signalRoles(registry, { models: { market: {}, thermal: {} } });
    expect(roles.headline.has('btc.price')).toBe(true);
    expect(roles.headline.has('btc.return')).toBe(false);
    expect(roles.inputs.has('thermal.diamondSupplyYears')).toBe(true);
    expect(roles.inputs.has('thermal.junctionC')).toBe(false);
  });

  it('every model marks between 1 and 6 headline signals with its default settings', () => {
    for (const def of registry.models) {
      const roles = signalRoles(registry, { models: { [def.name]: {} } });
      const n = [...roles.headline].length;
      expect(n, def.name).toBeGreaterThanOrEqual(1);
      expect(n, def.name).toBeLessThanOrEqual(6);
    }
  });

  it('a model this code does not know, or settings it cannot read, give no roles rather than an error', () => {
    expect(signalRoles(registry, { models: { nosuch: {} } }).headline.size).toBe(0);
    expect(signalRoles(registry, {}).headline.size).toBe(0);
  });
});
