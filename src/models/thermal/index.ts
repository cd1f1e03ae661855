import { defineModel } from '../../engine/model.js';
import { initThermal, stepThermal, thermalParamsChanged } from './kernel.js';
import { FEASIBLE, PATH, SIGNALS, ThermalScratch } from './layout.js';
import { thermalParams } from './params.js';

/**
 * Steady-state heat rejection of a space data centre: accelerator junction → die → bond →
 * spreader (Lee et al. spreading resistance; optional film) → cold plate → pumped loop →
 * radiator in orbit; the radiator's area and mass, the saving over a baseline spreader, and
 * the diamond's cost and supply. Equations: README.md (same symbols); the chain: chain.ts;
 * per path: kernel.ts; signals and record: layout.ts.
 */
export const thermal = defineModel({
  name: 'thermal',
  title: 'Space data centre heat rejection: junction → spreader (Lee et al.) → loop → radiator; diamond vs copper',
  readme: 'src/models/thermal/README.md',
  params: thermalParams,
  io: () => ({
    signals: SIGNALS,
    state: { path: PATH.width },
    events: [
      {
        name: 'thermal.infeasible',
        signal: FEASIBLE.name,
        op: '<',
        value: 0.5,
        description: 'no finite radiator holds the junction limit (or, at a given radiator temperature, the junction exceeds it)',
      },
    ],
  }),
  prepare: () => new ThermalScratch(),
  init: initThermal,
  paramsChanged: thermalParamsChanged,
  step: stepThermal,
});
