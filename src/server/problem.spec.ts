import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { ScenarioError } from '../scenario/issues.js';
import { StoreError } from '../store/errors.js';
import { HttpProblem, problem, problemOf } from './problem.js';

const req = { url: '/runs?x=1', method: 'POST' } as FastifyRequest;

describe('problemOf', () => {
  it('maps each kind of error to its status, with a detail and no stack', () => {
    const scenario = problemOf(new ScenarioError([{ file: 'request.yaml', line: 2, col: 3, path: 'paths', message: 'expected a number ≥ 1, found 0' }]), req);
    expect(scenario).toMatchObject({ status: 422, title: 'Invalid scenario', problems: ['request.yaml:2:3 paths: expected a number ≥ 1, found 0'], instance: '/runs?x=1' });
    expect(problemOf(new HttpProblem(409, 'run x is running'), req)).toMatchObject({ status: 409, detail: 'run x is running', type: '/openapi.json#problem-conflict' });
    expect(problemOf(new StoreError('no stored run abc'), req)).toMatchObject({ status: 404 });
    expect(problemOf(Object.assign(new Error('Body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }), req)).toMatchObject({ status: 413, title: 'Request body too large' });
    const origWrite = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write; // the log line of a 500
    try {
      const internal = problemOf(new TypeError('x is undefined'), req);
      expect(internal).toMatchObject({ status: 500 });
      expect(JSON.stringify(internal)).not.toMatch(/TypeError|x is undefined|at /);
    } finally {
      process.stderr.write = origWrite;
    }
  });

  it('a problem document has type, title, status and detail (RFC 9457 §3.1)', () => {
    expect(problem(401, 'needs its token')).toEqual({ type: '/openapi.json#problem-unauthorized', title: 'Unauthorized', status: 401, detail: 'needs its token' });
  });
});
