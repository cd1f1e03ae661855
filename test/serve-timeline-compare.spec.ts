import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cascade, tempDir } from './helpers.js';
import { apiCall, startServe, type Served } from './serve-helpers.js';

let served: Served;

beforeAll(async () => {
  served = await startServe();
});

afterAll(async () => {
  await served?.stop();
});

const call = (method: string, url: string, body?: unknown) => apiCall(served.url, method, url, body);

/** Queues a run and waits for its stream to end; returns its id and final status. */
async function runToEnd(body: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const post = await call('POST', '/runs', body);
  expect(post.status, post.text).toBe(202);
  const id = post.json.id as string;
  await (await fetch(`${served.url}/runs/${id}/stream`)).text();
  return { id, status: (await call('GET', `/runs/${id}`)).json.status };
}

// the SVB-like bank: 5 days, its loss revealed by a scheduled shock (add 15e9 to lender.svb.revealedLossUsd on day 1)
const SVB = { scenario: 'lender-svb-2023', paths: 300, seed: 5, perPath: true };
const SMALLER_LOSS = [{ at: '2023-03-09', note: 'a third of the loss, a day later', shock: [{ signal: 'lender.svb.revealedLossUsd', add: 5e9 }] }];

describe('cascade serve: the timeline’s schedule and the comparison of two runs, over real HTTP', () => {
  it('lists what a scenario’s schedule may touch: shockable signals with units, parameters that may change during a run', async () => {
    const r = await call('GET', '/scenarios/oct-2025-leverage-flush');
    expect(r.status).toBe(200);
    expect(r.json.shockable).toEqual(expect.arrayContaining([{ signal: 'btc.price', unit: 'USD', model: 'market' }, expect.objectContaining({ signal: 'leverage.lowUsd' })]));
    expect(r.json.settable).toContain('market.calmToStressPerDay');
    // the same metadata as GET /models: no parameter fixed at the start is offered
    const models = await call('GET', '/models');
    const fixed = (models.json.params as { model: string; name: string; fixedAtStart?: string }[]).filter((p) => p.fixedAtStart).map((p) => `${p.model}.${p.name}`);
    expect(fixed.length).toBeGreaterThan(0);
    for (const p of r.json.settable as string[]) expect(fixed).not.toContain(p);
    expect(r.json.resolved.schedule).toHaveLength(2);
  });

  it('checks an edited schedule as the CLI checks a file: problems at schedule[K], 422 on POST /runs', async () => {
    const schedule = [...SMALLER_LOSS, { at: '2023-03-20', shock: [{ signal: 'btc.nothing', multiply: 0.5 }] }];
    const v = await call('POST', '/validate', { ...SVB, schedule });
    expect(v.status).toBe(200);
    expect(v.json.valid).toBe(false);
    expect(v.json.issues.map((i: { path: string }) => i.path)).toEqual(['schedule[1].at', 'schedule[1].shock[0].signal']);
    expect(v.json.problems[0]).toMatch(/^request-schedule\.json:\d+:\d+ schedule\[1\]\.at: expected a date after the start 2023-03-07 and on or before the horizon end 2023-03-12, found 2023-03-20$/);
    expect(v.json.problems[1]).toMatch(/expected a signal that can be shocked \(.*lender\.svb\.revealedLossUsd.*\), found "btc\.nothing"/);
    const run = await call('POST', '/runs', { ...SVB, schedule });
    expect(run.status).toBe(422);
    expect(run.json.problems).toEqual(v.json.problems);
    const wrongType = await call('POST', '/runs', { ...SVB, schedule: { at: 1 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.errors[0].path).toBe('body.schedule');
  });

  it('runs an edited schedule and compares two runs with cascade compare’s numbers', async () => {
    const a = await runToEnd(SVB);
    const b = await runToEnd({ ...SVB, schedule: SMALLER_LOSS });
    expect([a.status, b.status]).toEqual(['complete', 'complete']);
    // the edited schedule is the one run: in the stored resolved scenario
    const stored = await call('GET', `/runs/${b.id}?include=result`);
    expect(stored.json.result.resolved.schedule).toEqual(SMALLER_LOSS);
    // and the run says it without the result (the run page lists it), as does the built-in's
    expect(stored.json.schedule).toEqual(SMALLER_LOSS);
    expect((await call('GET', `/runs/${a.id}`)).json.schedule).toEqual([expect.objectContaining({ at: '2023-03-08' })]);
    // and its report does not name the built-in's file as what ran (its `npx cascade run FILE` would not give these numbers)
    const reportOf = async (id: string) => (await call('GET', `/runs/${id}/report`)).text;
    expect(await reportOf(a.id)).toContain('scenarios/lender-svb-2023.yaml');
    expect(await reportOf(b.id)).not.toContain('scenarios/lender-svb-2023.yaml');
    const r = await call('GET', `/runs/${a.id}/compare/${b.id}`);
    expect(r.status, r.text).toBe(200);
    // the CLI on the same store: the same runs and events, number for number
    const cli = cascade(['compare', a.id, b.id, '--json', '--store', served.store, '--out', path.join(tempDir(), 'compare.html')]);
    expect(cli.status, cli.stderr).toBe(0);
    const fromCli = JSON.parse(cli.stdout);
    expect(r.json.runs).toEqual(fromCli.runs);
    expect(r.json.events).toEqual(fromCli.events);
    // same seed and paths, per-path tables kept: paired intervals; a smaller, later loss makes the run on the bank rarer
    expect(r.json.events.every((e: { differences: ({ method: string } | null)[] }) => e.differences[1]?.method === 'paired')).toBe(true);
    expect(r.json.events.some((e: { differences: { difference: number; hi: number }[] }) => e.differences[1].difference < 0 && e.differences[1].hi < 0)).toBe(true);
    expect(r.json.sharedSignals).toBeGreaterThan(0);
    expect(r.json.signals[0]).toMatchObject({ date: '2023-03-12' });
    expect(r.json.links).toMatchObject({ workbench: `/#/compare/${a.id}/${b.id}` });
    // a sweep point by number: out of range is a 404 naming the points
    const far = await call('GET', `/runs/${a.id}/compare/${b.id}?pointB=2`);
    expect(far.status).toBe(404);
    expect(far.json.detail).toMatch(/has 1 point\(s\); point 2/);
    const first = await call('GET', `/runs/${a.id}/compare/${b.id}?pointA=1&pointB=1`);
    expect(first.json.events).toEqual(r.json.events);
  });

  it('answers unknown, unfinished and incomparable runs with problem documents', async () => {
    const unknown = await call('GET', '/runs/0123abcd/compare/89abcdef');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('application/problem+json');
    const badId = await call('GET', '/runs/..%2Fetc/compare/0123abcd');
    expect(badId.status).toBe(400);
    const badPoint = await call('GET', '/runs/0123abcd/compare/89abcdef?pointA=0');
    expect(badPoint.status).toBe(400);
    const svb = await runToEnd({ scenario: 'lender-svb-2023', paths: 100, seed: 1 });
    // a one-day space scenario: other models, other dates, no event or signal in common
    const space = await runToEnd({ scenario: 'space-datacenter-diamond', paths: 50, seed: 1 });
    const incomparable = await call('GET', `/runs/${svb.id}/compare/${space.id}`);
    expect(incomparable.status).toBe(422);
    expect(incomparable.json).toMatchObject({ status: 422, type: '/openapi.json#problem-incomparable' });
    expect(incomparable.json.detail).toMatch(/share no event and no signal/);
    // two points of one sweep (the space scenario has 12): compared as `cascade compare ID/1 ID/3`, with the workbench's address of that pair
    const points = await call('GET', `/runs/${space.id}/compare/${space.id}?pointA=1&pointB=3`);
    expect(points.status, points.text).toBe(200);
    expect(points.json.runs.map((r: { ref: string }) => r.ref)).toEqual([`${space.id}/1`, `${space.id}/3`]);
    expect(points.json.links).toMatchObject({ self: `/runs/${space.id}/compare/${space.id}?pointA=1&pointB=3`, workbench: `/#/compare/${space.id}/${space.id}/1/3` });
    // a cancelled run has no results
    const post = await call('POST', '/runs', { scenario: 'flagship', paths: 20_000 });
    await call('DELETE', `/runs/${post.json.id}`);
    const cancelled = await call('GET', `/runs/${svb.id}/compare/${post.json.id}`);
    expect(cancelled.status).toBe(409);
    expect(cancelled.json.detail).toMatch(/interrupted/);
    const o = await call('GET', '/openapi.json');
    expect(o.json.paths['/runs/{a}/compare/{b}'].get).toBeDefined();
  });
});
