import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as shipped from '../index.js';
import { cleanUp, runScenario, scenarioFile, writeScenario, type Ran } from '../lender/run-scenario.test-helper.js';

/*
 * The three Red Sunset scenarios (one fleet, three policies) and the seed's phase timeline.
 * The timeline (customs delay after 1–2 months, spares gone after 3–6, hashrate down after
 * 6–12) is an assumption of seed 002 that no other source confirms; these tests show which
 * parameters produce it and how far the phases move when those parameters move. 64 paths:
 * the phase days vary little between paths (p5–p95 within about ±30 days of the median,
 * from the random failures and market), so the medians are stable to a few days and the
 * bounds below are far wider than that.
 */
afterAll(cleanUp);

const PATHS = 64;
/** 2026-04-01, the policy switch, is day 55 after 2026-02-05. */
const SWITCH_DAY = 55;
const MONTH = 30.4;

function phaseDays(r: Ran): [number, number, number] {
  const e = r.summary.events;
  const day = (k: string) => (e[k].day ? e[k].day!.p50 - SWITCH_DAY : Infinity);
  return [day('mining.phase1LeadTime'), day('mining.phase2SparesOut'), day('mining.phase3Hashrate')];
}

const cache = new Map<string, Promise<Ran>>();
/** Start and seed of red-sunset-base.yaml (the test helper would otherwise set its own). */
const BASE = { start: '2026-02-05', seed: 20260401, paths: PATHS, record: ['mining.hashrateShareOfStart'] };

/** A scenario file of the library as it is, recording only what these tests read (recording costs per signal and step). */
function policy(name: string): Promise<Ran> {
  if (!cache.has(name)) cache.set(name, runScenario({ name, extends: scenarioFile(`red-sunset-${name}`), ...BASE }));
  return cache.get(name)!;
}

const SITE = ['fan', 'psu', 'controlBoard'];
const spares = (days: number) => ({ mining: { components: Object.fromEntries(SITE.map((c) => [c, { initialSparesDays: days, sparesCoverDays: days }])) } });
const depot = (days: number) => ({ supply: { items: Object.fromEntries([...SITE, 'hashBoard'].map((c) => [c, { sources: { bitmain: { stockCoverDays: days } } }])) } });

/** The entity-list scenario with some parameters changed. */
function variant(name: string, models: Record<string, unknown>): Promise<Ran> {
  if (!cache.has(name)) cache.set(name, runScenario({ name, extends: scenarioFile('red-sunset-entity-list'), ...BASE, models }));
  return cache.get(name)!;
}

describe('red sunset: three policies, one fleet', () => {
  it('status quo: no phase happens and the fleet keeps its hashrate', async () => {
    const r = await policy('status-quo');
    expect(phaseDays(r)).toEqual([Infinity, Infinity, Infinity]);
    expect(r.summary.signals['mining.hashrateShareOfStart'].p05[SWITCH_DAY + 365]).toBeGreaterThan(0.97);
  });

  it('mitigation: a customs delay (phase 1), but spares hold and the fleet keeps hashing', async () => {
    const r = await policy('mitigation');
    const [p1, p2, p3] = phaseDays(r);
    expect(p1).toBeLessThan(2 * MONTH);
    expect(p2).toBe(Infinity);
    expect(p3).toBe(Infinity);
    expect(r.summary.signals['mining.hashrateShareOfStart'].p50[540]).toBeGreaterThan(0.97);
  });

  it('entity list: the three phases land in the seed’s 1–2, 3–6 and 6–12 months after the listing', async () => {
    const r = await policy('entity-list');
    const [p1, p2, p3] = phaseDays(r);
    expect(p1).toBeGreaterThanOrEqual(1 * MONTH);
    expect(p1).toBeLessThanOrEqual(2 * MONTH);
    expect(p2).toBeGreaterThanOrEqual(3 * MONTH);
    expect(p2).toBeLessThanOrEqual(6 * MONTH);
    expect(p3).toBeGreaterThanOrEqual(6 * MONTH);
    expect(p3).toBeLessThanOrEqual(12 * MONTH);
    // on most paths within the 18 months (0.88 on 500 paths)
    expect(r.summary.events['mining.phase3Hashrate'].probability).toBeGreaterThan(0.6);
    // and the order of outcomes at 18 months: entity list < mitigation ≤ status quo
    const at = async (n: string) => (await policy(n)).summary.signals['mining.hashrateShareOfStart'].p50[540];
    expect(await at('entity-list')).toBeLessThan((await at('mitigation')) - 0.05);
    expect(await at('mitigation')).toBeLessThanOrEqual((await at('status-quo')) + 0.005);
  });
});

describe('red sunset: what sets the phase days (entity list, one parameter at a time)', () => {
  it('phase 1 comes when the US service stock runs out: its cover c plus at most the 13 days of goods already in transit and customs', async () => {
    for (const c of [15, 30, 60]) {
      const [p1] = phaseDays(c === 30 ? await policy('entity-list') : await variant(`depot${c}`, depot(c)));
      expect(p1 - c).toBeGreaterThanOrEqual(0);
      expect(p1 - c).toBeLessThanOrEqual(13);
    }
  });

  it('phase 2 follows phase 1 by the site’s spares S₀ over the need grey channels leave unfilled: between S₀/U (no grey) and 2·S₀/U (grey fills half)', async () => {
    for (const s of [30, 60, 120]) {
      const [p1, p2] = phaseDays(s === 60 ? await policy('entity-list') : await variant(`spares${s}`, spares(s)));
      expect(p2 - p1).toBeGreaterThanOrEqual(s);
      expect(p2 - p1).toBeLessThanOrEqual(2 * s);
    }
  });

  it('phase 3 comes as broken rigs reach 10% of the fleet: twice the failure rates take about half as long from phase 1, and grey channels decide whether it comes at all', async () => {
    const base = phaseDays(await policy('entity-list'));
    const twice = phaseDays(await variant('fail2x', { mining: { components: { fan: { failuresPerYear: 0.16 }, psu: { failuresPerYear: 0.12 }, controlBoard: { failuresPerYear: 0.06 }, hashBoard: { failuresPerYear: 0.16 } } } }));
    // the time to accumulate a given broken share scales as 1/λ once official parts stop; the
    // band allows for the spares (in days of use, so also halved in time) and for grey arrivals
    const ratio = (twice[2] - twice[0]) / (base[2] - base[0]);
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(0.65);
    const noGrey = phaseDays(await variant('grey0', { supply: { policies: { 'entity-list': { greyCapacityShare: 0 } } } }));
    const moreGrey = phaseDays(await variant('grey50', { supply: { policies: { 'entity-list': { greyCapacityShare: 0.5 } } } }));
    expect(noGrey[2]).toBeLessThan(base[2] - 60);
    expect(moreGrey[2]).toBeGreaterThan(base[2] + 60);
  });
});

describe('red sunset: your own fleet (README.md)', () => {
  it('runs the README’s few-line fleet on top of a Red Sunset scenario', async () => {
    const readme = fs.readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const block = /<!-- your-fleet -->\s*```yaml\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const r = await runScenario(writeScenario('my-fleet', block![1]), shipped, { paths: 16 });
    // the S19j Pro (29.5 J/TH) costs 24 × 29.5 × $0.055 = $38.9 per PH/s a day, above the
    // ~$30 hashprice: curtailed from the start; the S21 Pro runs
    expect(r.summary.signals['mining.operatingRigs'].p50[0]).toBe(8000);
    expect(r.summary.signals['mining.curtailedRigs'].p50[0]).toBe(3000);
    expect(r.summary.signals['mining.fan.sparesUnits'].p50[0]).toBeCloseTo(900, 6);
    expect(r.summary.signals['mining.loanUsd']).toBeUndefined();
    expect(r.summary.events['mining.phase2SparesOut'].probability).toBeGreaterThan(0.5);
  });
});
