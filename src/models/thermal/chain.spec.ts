/**
 * The chain's scratch (the layer stacks junctionToCoolant reuses): a solve must not depend on
 * what the scratch held before, so a configuration solved after another — a film after none,
 * none after a film, graphite after diamond — gives bit for bit what it gives on a fresh
 * scratch. Exact: the same arithmetic on the same inputs.
 */
import { describe, expect, it } from 'vitest';
import { newChainResult, newChainScratch, solveChain, type ChainInputs } from './chain.js';
import { MATERIALS } from './materials.js';
import { ORBITS } from './orbits.js';

/** The model's defaults in SI units (kernel.ts converts the parameters the same way). */
function inputs(overrides: Partial<ChainInputs> = {}): ChainInputs {
  return {
    itPowerW: 1e6,
    acceleratorShare: 0.55,
    chipPowerW: 700,
    dieAreaM2: 814e-6,
    dieThicknessM: 0.775e-3,
    siliconK: 130,
    tim1M2KPerW: 0.05e-4,
    spreader: MATERIALS.copper,
    spreaderThicknessM: 2e-3,
    spreaderAreaM2: 40e-4,
    film: null,
    filmThicknessM: 0.3e-3,
    conductivityFactor: 1,
    tim2M2KPerW: 0.1e-4,
    coldPlateHtc: 2e4,
    loopDeltaTK: 10,
    junctionMaxC: 85,
    sizing: 'junction-limit',
    radiatorTempC: 60,
    orbit: ORBITS['sso-dawn-dusk-650'],
    emissivity: 0.9,
    solarAbsorptance: 0.2,
    albedo: 0.3,
    earthIrWPerM2: 234,
    solarConstantWPerM2: 1361,
    sides: 2,
    finEfficiency: 0.9,
    arealDensityKgPerM2: 5,
    diamondRefThicknessM: 0.3e-3,
    ...overrides,
  };
}

describe('the chain reuses its scratch without carrying anything over', () => {
  const cases: Record<string, ChainInputs> = {
    copper: inputs(),
    'diamond film on copper': inputs({ film: MATERIALS['diamond-cvd'] }),
    'graphite sheet': inputs({ spreader: MATERIALS['graphite-sheet'], spreaderThicknessM: 1e-3 }),
    'CVD diamond, radiator at 60 °C': inputs({ spreader: MATERIALS['diamond-cvd'], sizing: 'radiator-temperature' }),
  };
  const fresh = Object.fromEntries(Object.entries(cases).map(([name, inp]) => [name, { ...solveChain(inp, newChainResult(), newChainScratch()) }]));

  it.each([
    ['forward', Object.keys(cases)],
    ['backward', Object.keys(cases).reverse()],
  ])('one scratch for every configuration, in order %s, gives the fresh results', (_order, names) => {
    const scratch = newChainScratch();
    const out = newChainResult();
    for (const name of names) expect(solveChain(cases[name], out, scratch), name).toEqual(fresh[name]);
  });

  it('the film changes the result (the cases above are not all the same)', () => {
    expect(fresh['diamond film on copper'].junctionToCoolantKPerW).toBeLessThan(fresh.copper.junctionToCoolantKPerW);
    expect(fresh['diamond film on copper'].diamondRefM2).toBeGreaterThan(0);
  });
});
