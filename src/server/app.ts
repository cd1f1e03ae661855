import type { RunPlan } from '../engine/run-plan.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { loadComparedRun } from '../cli/compare-command.js';
import { listParams } from '../cli/models-table.js';
import type { ModelRegistry } from '../engine/model.js';
import { reportHtml } from '../report/index.js';
import { resultJson } from '../results/result-json.js';
import { formatIssue, ScenarioError } from '../scenario/issues.js';
import { readScenarioTree } from '../scenario/load.js';
import type { EnabledModel } from '../scenario/validate.js';
import { exportRun } from '../store/export.js';
import { STORE_FILE, withStore, type RunInfo } from '../store/store.js';
import { VERSION } from '../version.js';
import { requestToken, tokenChecker } from './auth.js';
import { compareHash, compareQuery } from './compare-route.js';
import { comparisonView } from './compare-view.js';
import { viewOfPoint } from './live-view.js';
import { HttpProblem, problem, problemOf, sendProblem } from './problem.js';
import { RunManager, scheduleOf, type RunEvent, type TrackedRun } from './run-manager.js';
import { builtinFile, builtinNames, loadRequestScenario, type ScenarioSource, type ServerLimits } from './scenario-input.js';
import { CompareParams, CompareQuery, ExportQuery, RunParams, RunQuery, ScenarioParams, scenarioRequest, TokenQuery } from './schemas.js';
import { loadWebAssets, type WebAsset } from './web-assets.js';

/** Options of {@link buildServer}. */
export interface ServerOptions {
  registry: ModelRegistry;
  /** The run store folder. */
  storeDir: string;
  /** When set, every API request must carry it (Bearer header or `token` query parameter). */
  token?: string;
  /** Runs computed at once (default 1) and the cores they share (default all). */
  concurrency?: number;
  threads?: number;
  limits: ServerLimits;
  /** Largest request body, bytes (default 2 MiB: a scenario is at most 1 MiB). */
  bodyLimit?: number;
  /** The built workbench (default: dist/web). */
  web?: Map<string, WebAsset>;
  /** A plan the worker threads run once at start, to be warm for the first run (RunManagerOptions.warmUp). */
  warmUp?: RunPlan;
}

/** The server and its run queue (close the server to cancel queued and running runs). */
export interface CascadeServer {
  app: FastifyInstance;
  runs: RunManager;
}


/**
 * The HTTP API and the workbench: Fastify with zod schemas (validated requests, an OpenAPI
 * document at /openapi.json), every error an RFC 9457 problem document, CORS off (no
 * cross-origin headers are ever sent).
 */
export async function buildServer(opts: ServerOptions): Promise<CascadeServer> {
  const app = Fastify({ bodyLimit: opts.bodyLimit ?? 2 * 1024 * 1024, logger: false, routerOptions: { maxParamLength: 200 }, return503OnClosing: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const runs = new RunManager({ registry: opts.registry, storeDir: opts.storeDir, concurrency: opts.concurrency, threads: opts.threads, warmUp: opts.warmUp });
  const web = opts.web ?? loadWebAssets();
  const check = opts.token ? tokenChecker(opts.token) : null;

  app.setErrorHandler((err, req, reply) => sendProblem(reply, problemOf(err, req)));
  app.setNotFoundHandler((req, reply) => sendProblem(reply, problem(404, `no route ${req.method} ${req.url.split('?')[0].slice(0, 200)}; GET /openapi.json lists the API`, { instance: req.url.slice(0, 200) })));
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!check) return;
    // the workbench's own files carry no data: the page loads, then asks for the token
    const p = req.url.split('?')[0];
    if (req.method === 'GET' && (p === '/' || web.has(p))) return;
    if (!check(requestToken(req.headers, req.url))) {
      reply.header('www-authenticate', 'Bearer realm="cascade"');
      return sendProblem(reply, problem(401, 'this server needs its token: send Authorization: Bearer TOKEN (or ?token=TOKEN)', { instance: p.slice(0, 200) }));
    }
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Cascade', version: VERSION, description: 'Scenario runs over HTTP: the API of `cascade serve`. Every error is an RFC 9457 problem document (application/problem+json).' },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'required when the server binds a non-loopback address' } } },
    },
    transform: jsonSchemaTransform,
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  const body = scenarioRequest(opts.registry);
  const hasStore = () => fs.existsSync(path.join(opts.storeDir, STORE_FILE));
  const readStore = <T>(fn: Parameters<typeof withStore<T>>[2]) => withStore<T>(opts.storeDir, { readOnly: true }, fn);
  const load = (source: ScenarioSource) => loadRequestScenario(source, opts.registry, opts.limits);

  api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  api.get('/scenarios', { schema: { summary: 'The built-in scenarios', querystring: TokenQuery } }, async () => ({
    scenarios: builtinNames().map((name) => {
      const v = readScenarioTree(builtinFile(name)!, `${name}.yaml`).value as Record<string, unknown>;
      return { name, title: String(v.name ?? name), description: typeof v.description === 'string' ? v.description.trim() : '' };
    }),
  }));

  api.get('/scenarios/:name', { schema: { summary: 'A built-in scenario: its YAML and its resolved form', params: ScenarioParams, querystring: TokenQuery } }, async (req) => {
    const file = builtinFile(req.params.name);
    if (!file) throw new HttpProblem(404, `no built-in scenario ${JSON.stringify(req.params.name)}; GET /scenarios lists them (${builtinNames().join(', ')})`);
    const loaded = load({ scenario: req.params.name });
    const first = loaded.points[0];
    return {
      name: req.params.name,
      yaml: fs.readFileSync(file, 'utf8'),
      points: loaded.points.map((p) => p.label),
      resolved: first.resolved,
      events: first.plan.events.map((e) => ({ name: e.name, description: e.description, when: `${e.signal} ${e.op} ${e.value}` })),
      ...timelineChoices(loaded.valid.models),
    };
  });

  api.get('/models', { schema: { summary: 'Every model and parameter with unit, range, default and source (cascade models --json)', querystring: TokenQuery } }, async () => ({
    models: opts.registry.models.map((m) => ({ name: m.name, title: m.title })),
    params: listParams(opts.registry),
  }));

  api.post('/validate', { schema: { summary: 'Check a scenario: the CLI’s FILE:LINE:COL problems, as JSON', body, querystring: TokenQuery } }, async (req) => {
    try {
      const loaded = load(req.body);
      return { valid: true, problems: [], issues: [], points: loaded.points.length, paths: loaded.points.reduce((a, p) => a + p.plan.paths, 0), steps: loaded.valid.steps };
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      return { valid: false, problems: err.issues.map(formatIssue), issues: err.issues };
    }
  });

  api.post('/runs', { schema: { summary: 'Queue a run; 202 with its id', body, querystring: TokenQuery } }, async (req, reply) => {
    const loaded = load(req.body);
    // a built-in changed by the request (overrides, an edited schedule) is no longer its file: the resolved scenario in the store says what ran
    const changed = req.body.schedule !== undefined || Object.keys(req.body.set ?? {}).length > 0;
    const file = req.body.scenario !== undefined && !changed ? `scenarios/${req.body.scenario}.yaml` : 'request.yaml';
    const id = await runs.submit(loaded, file);
    reply.code(202).header('location', `/runs/${id}`);
    return { id, status: runs.get(id)!.status, links: links(id) };
  });

  api.get('/runs', { schema: { summary: 'Runs: queued and running here, and every stored run, newest first', querystring: TokenQuery } }, async () => {
    const stored = hasStore() ? await readStore((s) => s.listRuns()) : [];
    const live = new Map(runs.list().map((r) => [r.id, r]));
    const out = stored.map((info) => listing(info, live.get(info.id)));
    for (const r of live.values()) if (!stored.some((s) => s.id === r.id)) out.unshift(listing(null, r));
    return { runs: out };
  });

  api.get('/runs/:id', { schema: { summary: 'A run: status, progress, schedule, manifest, the live or final view; the full result with ?include=result', params: RunParams, querystring: RunQuery } }, async (req) => {
    const { id } = req.params;
    const live = runs.get(id);
    if (live && (live.status === 'queued' || live.status === 'running')) return { ...listing(null, live), schedule: live.schedule, views: live.views.filter(Boolean) };
    const info = await storedInfo(id);
    if (info.status !== 'complete') return { ...listing(info, live), ...(live ? { schedule: live.schedule } : {}), views: [] };
    const stored = await readStore((s) => s.loadRun(id));
    return {
      ...listing(info, live),
      schedule: scheduleOf(stored.result.points[0]?.resolved),
      manifest: stored.result.points.map((p) => p.manifest),
      views: stored.result.points.map((p, k) => viewOfPoint(p, k)),
      ...(req.query.include === 'result' ? { result: resultJson(stored.result) } : {}),
    };
  });

  api.delete('/runs/:id', { schema: { summary: 'Cancel a queued or running run: stored as interrupted, nothing else written', params: RunParams, querystring: TokenQuery } }, async (req) => {
    const { id } = req.params;
    if (await runs.cancel(id)) return { id, status: runs.get(id)!.status };
    const info = await storedInfo(id);
    throw new HttpProblem(409, `run ${id} is ${info.status === 'running' ? 'running in another process' : info.status}: there is nothing to cancel here`, 'not-cancellable');
  });

  api.get('/runs/:id/stream', { schema: { summary: 'Server-Sent Events: status, progress, and partial views (events with intervals, headline fans) as blocks complete', params: RunParams, querystring: TokenQuery } }, async (req, reply) => {
    const { id } = req.params;
    const live = runs.get(id);
    const info = live ? null : await storedInfo(id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    const send = (ev: RunEvent) => res.write(`event: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`);
    const finished = (s: string) => s !== 'queued' && s !== 'running';
    if (!live) {
      if (info!.status === 'complete') {
        const stored = await readStore((s) => s.loadRun(id));
        stored.result.points.forEach((p, k) => send({ type: 'partial', view: viewOfPoint(p, k) }));
      }
      send({ type: 'status', status: info!.status, ...(info!.error ? { error: info!.error } : {}) });
      res.end();
      return;
    }
    // views before the status: a client may stop listening once the status says finished
    send({ type: 'progress', pathsDone: live.pathsDone, pathsTotal: live.pathsTotal });
    for (const view of live.views) if (view) send({ type: 'partial', view });
    send({ type: 'status', status: live.status });
    if (finished(live.status)) {
      res.end();
      return;
    }
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const off = runs.subscribe(id, (ev) => {
      send(ev);
      if (ev.type === 'status' && finished(ev.status)) stop();
    });
    function stop() {
      clearInterval(heartbeat);
      off();
      res.end();
    }
    req.raw.on('close', stop);
  });

  api.get('/runs/:a/compare/:b', { schema: { summary: 'Two complete runs compared as `cascade compare A B`: event probabilities with B − A and its 95% interval (paired when they share seed and paths and kept per-path tables), shared signals on the horizon, headline fans of both', params: CompareParams, querystring: CompareQuery } }, async (req) => {
    const { a, b } = req.params;
    const refs: string[] = [];
    for (const [id, k] of [[a, req.query.pointA], [b, req.query.pointB]] as const) {
      await requireComplete(id);
      const info = await storedInfo(id);
      if (!info.pointInfo.length) throw new HttpProblem(422, `run ${id} (${info.scenario}) has no scenario results to compare (a backtest keeps scores only); compare two scenario runs`, 'incomparable');
      if (k !== undefined && k > info.pointInfo.length) throw new HttpProblem(404, `run ${id} has ${info.pointInfo.length} point(s); point ${k} was asked for`);
      refs.push(k === undefined ? id : `${id}/${k}`);
    }
    const [ra, rb] = await readStore(async (s) => [await loadComparedRun(s, refs[0]), await loadComparedRun(s, refs[1])]);
    const { view, incomparable } = comparisonView(ra, rb);
    if (incomparable) throw new HttpProblem(422, incomparable, 'incomparable');
    const route = { a, b, pointA: (req.query.pointA ?? 1) - 1, pointB: (req.query.pointB ?? 1) - 1 };
    return { ...view, links: { self: `/runs/${a}/compare/${b}${compareQuery(route)}`, workbench: `/${compareHash(route)}`, a: links(a), b: links(b) } };
  });

  api.get('/runs/:id/report', { schema: { summary: 'The HTML report of a complete run', params: RunParams, querystring: TokenQuery } }, async (req, reply) => {
    await requireComplete(req.params.id);
    const stored = await readStore((s) => s.loadRun(req.params.id));
    return reply.type('text/html; charset=utf-8').send(reportHtml(stored));
  });

  api.get('/runs/:id/export', { schema: { summary: 'The numbers of a complete run: json (one document), or one csv/parquet table', params: RunParams, querystring: ExportQuery } }, async (req, reply) => {
    const { id } = req.params;
    await requireComplete(id);
    const { format, table } = req.query;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-export-'));
    try {
      const files = await withStore(opts.storeDir, { readOnly: true }, (s) => exportRun(s, { id, point: null }, format, dir));
      const file = format === 'json' ? files[0] : files.find((f) => path.basename(f) === `${table}.${format}`)!;
      const data = fs.readFileSync(file);
      const type = format === 'json' ? 'application/json' : format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.apache.parquet';
      return reply.type(type).header('content-disposition', `attachment; filename="cascade-${id}-${path.basename(file)}"`).send(data);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // the workbench: its built files, from memory
  const index = web.get('/index.html');
  app.get('/', { schema: { hide: true } }, async (_req, reply) => (index ? sendAsset(reply, index) : sendProblem(reply, problem(503, 'the workbench is not built: run `npm run build` in the repository'))));
  for (const [p, asset] of web) if (p !== '/index.html') app.get(p, { schema: { hide: true } }, async (_req, reply) => sendAsset(reply, asset));

  app.addHook('onClose', async () => runs.close());

  async function storedInfo(id: string): Promise<RunInfo> {
    if (!hasStore()) throw new HttpProblem(404, `no run ${id}: the run store ${opts.storeDir} is empty`);
    return readStore((s) => s.runInfo(id));
  }
  async function requireComplete(id: string): Promise<void> {
    const live = runs.get(id);
    if (live && (live.status === 'queued' || live.status === 'running')) throw new HttpProblem(409, `run ${id} is ${live.status}: its report and numbers exist once it completes`, 'not-complete');
    const info = await storedInfo(id);
    if (info.status !== 'complete') throw new HttpProblem(409, `run ${id} ${info.status === 'failed' ? `failed (${info.error ?? 'no message'})` : `is ${info.status}`}: it has no results`, 'not-complete');
  }
  return { app, runs };
}

function sendAsset(reply: FastifyReply, a: WebAsset): FastifyReply {
  if (a.type.startsWith('text/html')) reply.header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
  return reply.type(a.type).header('cache-control', 'no-cache').send(a.body);
}

function links(id: string) {
  return { self: `/runs/${id}`, stream: `/runs/${id}/stream`, report: `/runs/${id}/report`, workbench: `/#/runs/${id}` };
}

/** A run as GET /runs lists it: the stored listing, with the live status and progress where this server runs it. */
function listing(info: RunInfo | null, live: TrackedRun | undefined) {
  const status = live && (live.status === 'queued' || live.status === 'running' || !info) ? live.status : info!.status;
  return {
    id: info?.id ?? live!.id,
    scenario: info?.scenario ?? live!.scenario,
    status,
    createdAt: info?.createdAt ?? live!.createdAt,
    completedAt: info?.completedAt ?? null,
    paths: info?.paths ?? live!.pathsTotal,
    seed: info?.seed ?? null,
    points: info?.points ?? live!.views.length,
    elapsedMs: info?.elapsedMs ?? null,
    error: info?.error ?? live?.error ?? null,
    progress: live ? { pathsDone: live.pathsDone, pathsTotal: live.pathsTotal } : null,
    links: links(info?.id ?? live!.id),
  };
}


/**
 * What the workbench's timeline may schedule in a scenario: the signals its enabled models let
 * a scenario shock (with their units), and their parameters a scheduled `set` may change (those
 * that do not shape the run), as `model.param`.
 */
export function timelineChoices(models: readonly EnabledModel[]) {
  return {
    shockable: models.flatMap((m) => m.io.shockable.map((signal) => ({ signal, unit: m.io.units[signal] ?? '', model: m.name }))),
    settable: models.flatMap((m) => Object.keys(m.settings).filter((p) => p !== 'enabled' && !m.shape.has(p)).map((p) => `${m.name}.${p}`)),
  };
}
