import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { formatIssue, ScenarioError, type ScenarioIssue } from '../scenario/issues.js';
import { SignalGraphError } from '../engine/signal-graph.js';
import { StoreError, StoreLockedError } from '../store/errors.js';
import { QueueFullError } from './run-manager.js';

/** An RFC 9457 problem document: what every error response of the server is. */
export interface Problem {
  /** A URI naming the kind of problem (here: a fragment of the API's own documentation). */
  type: string;
  title: string;
  status: number;
  /** What went wrong with this request, in words. */
  detail: string;
  instance?: string;
  /** Scenario problems, FILE:LINE:COL as the CLI prints them. */
  problems?: string[];
  issues?: ScenarioIssue[];
  /** Request fields that failed the schema: where and why. */
  errors?: { path: string; message: string }[];
}

/** The media type of problem documents (RFC 9457 §3). */
export const PROBLEM_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Invalid scenario',
  429: 'Too many runs queued',
  500: 'Internal error',
  503: 'Unavailable',
};

/** An error the handlers throw on purpose: its status and detail go to the client as a problem. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly kind = slug(TITLES[status] ?? 'error'),
  ) {
    super(detail);
  }
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** A problem document of `status` with `detail`. */
export function problem(status: number, detail: string, extra: Partial<Problem> = {}, kind = slug(TITLES[status] ?? 'error')): Problem {
  return { type: `/openapi.json#problem-${kind}`, title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

/** Sends a problem document. */
export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type(PROBLEM_TYPE).send(JSON.stringify(p));
}

/**
 * Turns any error into a problem document: schema failures 400 with each field, scenario
 * problems 422 with FILE:LINE:COL, Fastify's own client errors (bad JSON, body too large,
 * media type) with their status, store references 404; anything else 500 with no stack.
 */
export function problemOf(err: unknown, req: FastifyRequest): Problem {
  const instance = req.url.length <= 200 ? req.url : req.url.slice(0, 200) + '…';
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({ path: `${err.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.')}`, message: v.message ?? 'invalid' }));
    return problem(400, `the request does not match its schema: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`.slice(0, 2000), { errors, instance }, 'schema');
  }
  if (err instanceof HttpProblem) return problem(err.status, err.message, { instance }, err.kind);
  if (err instanceof ScenarioError) {
    return problem(422, `the scenario has ${err.issues.length} problem(s)`, { problems: err.issues.map(formatIssue), issues: err.issues, instance });
  }
  if (err instanceof QueueFullError) return problem(429, err.message, { instance }, 'queue-full');
  if (err instanceof SignalGraphError) return problem(422, err.message, { instance });
  // a run that is not there is the request's; a store that is busy, damaged or unwritable is the server's state
  if (err instanceof StoreLockedError) return problem(503, `the run store is busy: ${err.message}; try again`, { instance });
  if (err instanceof StoreError) return problem(/^no stored run|^no run store at/.test(err.message) ? 404 : 503, err.message, { instance });
  const fe = err as FastifyError;
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return problem(fe.statusCode, (fe.message || 'bad request').slice(0, 500), { instance });
  }
  process.stderr.write(`cascade serve: internal error on ${req.method} ${instance}: ${(err as Error)?.stack ?? String(err)}\n`);
  return problem(500, 'the server failed on this request (its log says why); please report it', { instance });
}
