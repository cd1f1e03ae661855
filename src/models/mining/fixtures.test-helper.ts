/** Test only (mining specs): shared scenario pieces. */

export const START = '2026-01-01';
/** Every rig state's signal: they sum to the fleet. */
export const STATES = ['mining.operatingRigs', 'mining.curtailedRigs', 'mining.awaitingPartRigs', 'mining.onSiteRepairRigs', 'mining.atRepairCentreRigs', 'mining.inCustomsRigs', 'mining.retiredRigs'];
/** No failures: every component's rate 0. */
export const NO_FAILURES = { fan: { failuresPerYear: 0 }, psu: { failuresPerYear: 0 }, controlBoard: { failuresPerYear: 0 }, hashBoard: { failuresPerYear: 0 } };
