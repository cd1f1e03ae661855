import fs from 'node:fs';
import net from 'node:net';
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

const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => apiCall(served.url, method, url, body, headers);

const BAD_YAML = 'name: bad\nstart: 2026-02-30\nhorizonDays: 0\nmodels:\n  market:\n    volCalmPerSqrtYear: -1\n    priceUsdd: 5\n';

describe('cascade serve: the API over real HTTP', () => {
  it('validates as the CLI does: the same FILE:LINE:COL problems, as JSON', async () => {
    const r = await call('POST', '/validate', { yaml: BAD_YAML });
    expect(r.status).toBe(200);
    expect(r.json.valid).toBe(false);
    const file = path.join(tempDir(), 'request.yaml');
    fs.writeFileSync(file, BAD_YAML);
    const cli = cascade(['validate', file], { cwd: path.dirname(file) });
    expect(cli.status).toBe(1);
    const cliLines = cli.stderr.trim().split('\n').map((l) => l.replace(file, 'request.yaml'));
    expect(r.json.problems).toEqual(cliLines);
    expect(r.json.problems.length).toBeGreaterThanOrEqual(3);
    const ok = await call('POST', '/validate', { scenario: 'flagship', paths: 100 });
    expect(ok.json).toMatchObject({ valid: true, points: 1, paths: 100, steps: 180 });
  });

  it('answers bad input with RFC 9457 problem documents, never a 5xx', async () => {
    const runBad = await call('POST', '/runs', { yaml: BAD_YAML });
    expect(runBad.status).toBe(422);
    expect(runBad.type).toContain('application/problem+json');
    expect(runBad.json).toMatchObject({ status: 422, title: 'Invalid scenario' });
    expect(runBad.json.problems[0]).toMatch(/^request\.yaml:\d+:\d+ /);
    const wrongType = await call('POST', '/runs', { scenario: 'flagship', paths: 'many' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.errors[0].path).toBe('body.paths');
    const unknownField = await call('POST', '/runs', { scenario: 'flagship', file: '/etc/passwd' });
    expect(unknownField.status).toBe(400);
    const both = await call('POST', '/validate', { scenario: 'flagship', yaml: 'name: x' });
    expect(both.json.problems[0]).toMatch(/exactly one of scenario/);
    const notJson = await call('POST', '/runs', '{"scenario":');
    expect(notJson.status).toBe(400);
    expect(notJson.type).toContain('application/problem+json');
    const badId = await call('GET', '/runs/..%2F..%2Fetc');
    expect(badId.status).toBe(400);
    const noRun = await call('GET', '/runs/0123abcd');
    expect(noRun.status).toBe(404);
    const noRoute = await call('GET', '/etc/passwd');
    expect(noRoute.status).toBe(404);
    expect(noRoute.json.detail).toMatch(/no route/);
    expect(noRoute.text).not.toMatch(/at \w+ \(|node:internal/); // no stack trace
  });

  it('opens no file a request names: built-ins by name only, extends limited to built-ins', async () => {
    const byPath = await call('POST', '/validate', { scenario: '../package' });
    expect(byPath.json.problems[0]).toMatch(/expected a built-in scenario name/);
    const abs = await call('POST', '/validate', { scenario: '/etc/passwd' });
    expect(abs.json.valid).toBe(false);
    const ext = await call('POST', '/validate', { yaml: 'extends: /etc/passwd\nname: x\n' });
    expect(ext.json.problems[0]).toMatch(/^request\.yaml:1:10 extends: expected a built-in scenario name/);
    const rel = await call('POST', '/validate', { yaml: 'extends: ../scenarios/flagship.yaml\nname: x\n' });
    expect(rel.json.problems[0]).toMatch(/extends built-ins only/);
    // a built-in parent is fine, with set overrides checked like the file's own values
    const good = await call('POST', '/validate', { yaml: 'extends: flagship\nname: cheaper\npaths: 200\n', set: { 'market.priceUsd': 65000 } });
    expect(good.json.valid).toBe(true);
    const badSet = await call('POST', '/validate', { scenario: 'flagship', set: { 'market.priceUsd': -5 } });
    expect(badSet.json.problems).toEqual(['--set:1:17 market.priceUsd: expected a number > 0 (USD), found -5']);
    const noModel = await call('POST', '/validate', { scenario: 'flagship', set: { 'nosuch.x': 1, 'market-priceUsd': 1 } });
    expect(noModel.json.problems).toHaveLength(2);
    expect(noModel.json.problems[0]).toMatch(/^--set:1:1 nosuch\.x: expected a path starting with an enabled model/);
    // a scenario cannot raise the server's bounds
    const huge = await call('POST', '/validate', { yaml: 'extends: flagship\nname: huge\npaths: 100000000\nlimits:\n  maxCells: 1e15\n' });
    expect(huge.json.valid).toBe(false);
  });

  it('lists scenarios, models (cascade models --json) and serves its OpenAPI document', async () => {
    const s = await call('GET', '/scenarios');
    expect(s.json.scenarios.map((x: { name: string }) => x.name)).toContain('flagship');
    const m = await call('GET', '/models');
    const cli = JSON.parse(cascade(['models', '--json']).stdout);
    expect(m.json.params).toEqual(cli);
    const o = await call('GET', '/openapi.json');
    expect(o.json.openapi).toMatch(/^3\./);
    for (const p of ['/scenarios', '/scenarios/{name}', '/models', '/validate', '/runs', '/runs/{id}', '/runs/{id}/stream', '/runs/{id}/report', '/runs/{id}/export']) expect(Object.keys(o.json.paths)).toContain(p);
    expect(o.json.paths['/runs'].post.requestBody).toBeDefined();
    // CORS is off: no cross-origin header, whatever the Origin
    const cors = await call('GET', '/scenarios', undefined, { origin: 'https://evil.example' });
    expect(cors.status).toBe(200);
    const res = await fetch(`${served.url}/scenarios`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('runs a scenario: 202 and a URL, then its view, report and exports; a finished run cannot be cancelled', async () => {
    const post = await call('POST', '/runs', { scenario: 'lender-svb-2023', paths: 300, seed: 5 });
    expect(post.status).toBe(202);
    const id = post.json.id as string;
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    // the stream ends with the final status
    const stream = await (await fetch(`${served.url}/runs/${id}/stream`)).text();
    expect(stream).toMatch(/event: status\ndata: \{"type":"status","status":"complete"\}\n\n$/);
    const run = await call('GET', `/runs/${id}?include=result`);
    expect(run.json).toMatchObject({ id, status: 'complete', paths: 300 });
    expect(run.json.views[0]).toMatchObject({ final: true, paths: 300 });
    expect(run.json.result.manifest).toMatchObject({ paths: 300, seed: 5 });
    const report = await fetch(`${served.url}/runs/${id}/report`);
    expect(report.headers.get('content-type')).toContain('text/html');
    const csv = await call('GET', `/runs/${id}/export?format=csv&table=events`);
    expect(csv.text.split('\n')[0]).toMatch(/^point,label,event,description,probability/);
    const json = await call('GET', `/runs/${id}/export?format=json`);
    expect(json.json.manifest.scenarioHash).toBe(run.json.result.manifest.scenarioHash);
    const parquet = await fetch(`${served.url}/runs/${id}/export?format=parquet&table=signals`);
    expect(Buffer.from(await parquet.arrayBuffer()).subarray(0, 4).toString()).toBe('PAR1');
    const del = await call('DELETE', `/runs/${id}`);
    expect(del.status).toBe(409);
    // with the CLI's numbers: the same scenario, seed and paths give the same hash and probabilities
    const cli = JSON.parse(cascade(['run', 'lender-svb-2023', '--paths', '300', '--seed', '5', '--json', '--no-store']).stdout);
    expect(cli.manifest.scenarioHash).toBe(run.json.result.manifest.scenarioHash);
    expect(cli.events).toEqual(run.json.result.events);
  });

  it('survives 1,200 malformed requests with no 5xx and still answers', async () => {
    // a deterministic generator (mulberry32): the same requests on every run
    let seed = 20261203;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 0x7f))).join('');
    const routes = ['/runs', '/validate', '/scenarios', '/models', '/runs/0123abcd', '/runs/0123abcd/stream', '/runs/0123abcd/report', '/runs/0123abcd/export', '/scenarios/flagship', '/openapi.json', '/runs/0123abcd/compare/89abcdef'];
    const tricks = ['/../../etc/passwd', '/runs/..%2f..%2fpackage.json', '/scenarios/..%2F..%2Fpackage', '/scenarios/%2e%2e', '/%00', '/runs/%ff%fe', '/assets/../../package.json', '/runs/' + 'a'.repeat(5000), '/scenarios/flagship%00.yaml', '//etc/passwd', '/runs/0123abcd/export?format=../../x', '/runs/0123abcd/export?format=csv&table=../../x', '/runs/0123abcd/compare/..%2F..%2Fetc', '/runs/0123abcd/compare/89abcdef?pointA=-1&pointB=1e400', '/runs/0123abcd/compare/'];
    const bodies = [
      () => junk(1 + Math.floor(rand() * 200)),
      () => '{"scenario":' + junk(10),
      () => JSON.stringify({ scenario: rand() < 0.5 ? 42 : ['flagship'], paths: pick([-1, 0, 1.5, 'x', 1e300, null]) }),
      () => JSON.stringify({ yaml: junk(300) }),
      () => JSON.stringify({ yaml: 'name: [' + junk(50) }),
      () => JSON.stringify({ json: pick([[], 'x', 5, { name: 5 }, { models: { market: { priceUsd: 'x' } } }]) }),
      () => JSON.stringify({ scenario: 'flagship', set: { [junk(8)]: junk(4) }, seed: pick([-5, 'a', 2 ** 60]) }),
      () => JSON.stringify({ yaml: 'extends: ' + pick(['/etc/passwd', '../x', 'nosuch', '[]', '{a: 1}']) + '\nname: x' }),
      () => JSON.stringify({ ['__proto__']: { polluted: true }, scenario: 'nosuch' }),
      () => 'x'.repeat(3 * 1024 * 1024), // above the 2 MiB body limit
      () => JSON.stringify({ yaml: 'a: &a [' + '*a,'.repeat(2000) + ']' }),
      () => '[' .repeat(5000),
      // schedules that never pass (so the fuzz runs nothing): dates, shapes, signals, sizes
      () => JSON.stringify({ scenario: 'lender-svb-2023', schedule: pick<unknown>(['x', [null], [5, []], [{ at: junk(10) }], [{ at: '2023-03-08', shock: [{ signal: junk(6), multiply: { dist: junk(3) } }] }], Array(1001).fill({ at: '2023-03-08' }), [{ at: '2023-03-08', set: { [junk(5)]: 1, __proto__: 1 } }], [{ at: '2023-03-08', shock: 'x'.repeat(50) }]]) }),
    ];
    const types = ['application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/yaml', ''];
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'POST', 'POST'];
    const statuses = new Map<number, number>();
    const fiveHundreds: string[] = [];
    const N = 1200;
    for (let done = 0; done < N; ) {
      const batch = Array.from({ length: Math.min(24, N - done) }, async () => {
        const method = pick(methods);
        const url = rand() < 0.25 ? pick(tricks) : pick(routes) + (rand() < 0.3 ? `?${junk(6).replace(/[#\s]/g, '')}=${encodeURIComponent(junk(5))}` : '');
        const withBody = method !== 'GET' && method !== 'DELETE' ? rand() < 0.9 : false;
        const type = pick(types);
        let status: number;
        try {
          const res = await fetch(`${served.url}${url}`, { method, headers: withBody && type ? { 'content-type': type } : {}, body: withBody ? pick(bodies)() : undefined });
          status = res.status;
          await res.arrayBuffer();
          if (status >= 400 && status !== 413) expect(res.headers.get('content-type') ?? '', `${method} ${url}`).toMatch(/problem\+json|text\/event-stream/);
        } catch (err) {
          // the server may close the connection on a body far above its limit; count it as refused
          status = 0;
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500) fiveHundreds.push(`${method} ${url.slice(0, 80)} → ${status}`);
      });
      await Promise.all(batch);
      done += batch.length;
    }
    // raw bytes that are not HTTP at all
    for (const raw of ['GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'POST /runs HTTP/1.1\r\nContent-Length: -5\r\n\r\n']) {
      await new Promise<void>((resolve) => {
        const u = new URL(served.url);
        const sock = net.connect(Number(u.port), u.hostname, () => sock.end(raw));
        sock.on('data', () => undefined);
        sock.on('close', () => resolve());
        sock.on('error', () => resolve());
      });
    }
    expect(fiveHundreds).toEqual([]);
    // the mix reached the handlers, not only the router: schema failures, invalid scenarios, bodies too large
    for (const code of [400, 404, 413]) expect(statuses.get(code) ?? 0, `status ${code}: ${JSON.stringify([...statuses])}`).toBeGreaterThan(10);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(N);
    expect(statuses.get(0) ?? 0).toBeLessThan(N / 10);
    // still answering, and nothing was run by the fuzz
    const after = await call('GET', '/scenarios');
    expect(after.status).toBe(200);
    const runs = await call('GET', '/runs');
    expect(runs.json.runs.map((r: { paths: number }) => r.paths)).toEqual([300]); // the one run above
  });
});

describe('cascade serve: the token on a non-loopback bind', () => {
  it('refuses to bind a non-loopback address without a token', () => {
    const r = cascade(['serve', '--host', '0.0.0.0', '--port', '0'], { env: { CASCADE_TOKEN: '' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/needs a token: pass --token TOKEN or set CASCADE_TOKEN/);
  });

  it('answers 401 without the token, 200 with it (header or query)', async () => {
    const token = 'correct-horse-battery-staple-42';
    const s = await startServe(['--host', '0.0.0.0'], { CASCADE_TOKEN: token });
    try {
      const url = s.url.replace('0.0.0.0', '127.0.0.1');
      const none = await fetch(`${url}/scenarios`);
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toContain('application/problem+json');
      expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
      const wrong = await fetch(`${url}/runs`, { headers: { authorization: `Bearer ${token}x` } });
      expect(wrong.status).toBe(401);
      const short = await fetch(`${url}/runs`, { headers: { authorization: 'Bearer c' } });
      expect(short.status).toBe(401);
      const post = await fetch(`${url}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'flagship' }) });
      expect(post.status).toBe(401);
      const ok = await fetch(`${url}/scenarios`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      const q = await fetch(`${url}/models?token=${encodeURIComponent(token)}`);
      expect(q.status).toBe(200);
      // the page itself loads (it carries no data), then asks the API with the token
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
