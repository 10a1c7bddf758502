import { expect } from 'chai';
import type { Express } from 'express';
import { z } from 'zod';
import { ConflictError } from '../errors/errors.js';
import { createLogger } from '../logging/logger.js';
import { createHttpApp } from './create-http-app.js';
import { defineRoute } from './define-route.js';
import type { RouteDefinition } from './define-route.js';
import { startHttpServer } from './http-server.js';
import type { RunningHttpServer } from './http-server.js';

const logger = createLogger({ level: 'silent' });

async function serve(routes: RouteDefinition[]): Promise<RunningHttpServer> {
  const app: Express = createHttpApp({ logger, routes, guard: () => undefined });
  return startHttpServer(app, 0);
}

const campaign = z.object({ id: z.string(), name: z.string(), dailyBudgetCents: z.number().int() });

describe('defineRoute', () => {
  let server: RunningHttpServer | undefined;
  afterEach(async () => {
    await server?.close(100);
    server = undefined;
  });

  const post = (path: string, body: unknown) =>
    fetch(`${server?.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('when params, query and body are valid, the handler receives the parsed values', async () => {
    let seen: unknown;
    const route = defineRoute({
      method: 'post',
      path: '/campaigns/:id/budget',
      summary: 'Set budget',
      tags: ['campaigns'],
      auth: 'required',
      request: {
        params: z.object({ id: z.string().regex(/^c\d+$/) }),
        query: z.object({
          dryRun: z
            .enum(['true', 'false'])
            .transform((value) => value === 'true')
            .default(false),
        }),
        body: z.object({ dailyBudgetCents: z.number().int().positive() }),
      },
      responses: { 200: campaign },
      handler: ({ params, query, body }) => {
        seen = { params, query, body };
        return {
          status: 200,
          body: { id: params.id, name: 'Spring', dailyBudgetCents: body.dailyBudgetCents },
        };
      },
    });
    server = await serve([route]);
    const response = await post('/api/v1/campaigns/c1/budget?dryRun=true', { dailyBudgetCents: 5000 });
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ id: 'c1', name: 'Spring', dailyBudgetCents: 5000 });
    expect(seen).to.deep.equal({
      params: { id: 'c1' },
      query: { dryRun: true },
      body: { dailyBudgetCents: 5000 },
    });
  });

  it('when several fields are bad, answers 400 INPUT_VALIDATION_FAILED listing each with where and path', async () => {
    const route = defineRoute({
      method: 'post',
      path: '/things/:id',
      summary: 's',
      tags: ['t'],
      auth: 'none',
      request: {
        params: z.object({ id: z.string().length(24) }),
        query: z.object({ limit: z.coerce.number().int().max(200).optional() }),
        body: z.object({ name: z.string().min(1), nested: z.object({ count: z.number() }) }),
      },
      responses: { 201: z.object({ ok: z.boolean() }) },
      handler: (_ctx) => ({ status: 201, body: { ok: true } }),
    });
    server = await serve([route]);
    const response = await post('/api/v1/things/short?limit=999', { name: '', nested: { count: 'x' } });
    expect(response.status).to.equal(400);
    const body = (await response.json()) as {
      error: { code: string; details: { in: string; path: string; message: string }[] };
    };
    expect(body.error.code).to.equal('INPUT_VALIDATION_FAILED');
    expect(body.error.details.map((issue) => `${issue.in}:${issue.path}`)).to.deep.equal([
      'params:id',
      'query:limit',
      'body:name',
      'body:nested.count',
    ]);
    for (const issue of body.error.details) expect(issue.message).to.be.a('string').and.not.equal('');
  });

  it('when a body schema exists and no body is sent, answers 400 naming the body', async () => {
    const route = defineRoute({
      method: 'post',
      path: '/things',
      summary: 's',
      tags: ['t'],
      auth: 'none',
      request: { body: z.object({ name: z.string() }) },
      responses: { 201: z.object({ name: z.string() }) },
      handler: ({ body }) => ({ status: 201, body }),
    });
    server = await serve([route]);
    const response = await fetch(`${server.url}/api/v1/things`, { method: 'POST' });
    expect(response.status).to.equal(400);
    expect(await response.json()).to.have.nested.property('error.details[0].in', 'body');
  });

  it('when the handler returns undeclared fields, they are stripped from the response', async () => {
    const route = defineRoute({
      method: 'get',
      path: '/me',
      summary: 's',
      tags: ['t'],
      auth: 'none',
      responses: { 200: z.object({ email: z.string() }) },
      handler: (_ctx) => {
        const user = { email: 'a@b.c', passwordHash: '$argon2id$...' };
        return { status: 200, body: user };
      },
    });
    server = await serve([route]);
    expect(await (await fetch(`${server.url}/api/v1/me`)).json()).to.deep.equal({ email: 'a@b.c' });
  });

  it('when the handler reply breaks its schema, answers 500 without details', async () => {
    const route = defineRoute({
      method: 'get',
      path: '/broken',
      summary: 's',
      tags: ['t'],
      auth: 'none',
      responses: { 200: z.object({ count: z.number() }) },
      handler: (_ctx) => ({ status: 200, body: { count: 'many' as unknown as number } }),
    });
    server = await serve([route]);
    const response = await fetch(`${server.url}/api/v1/broken`);
    expect(response.status).to.equal(500);
    expect(await response.json()).to.deep.equal({
      error: { code: 'HTTP_RESPONSE_INVALID', message: 'Internal server error' },
    });
  });

  it('when the response schema is null, answers the status with no body', async () => {
    const route = defineRoute({
      method: 'delete',
      path: '/things/:id',
      summary: 's',
      tags: ['t'],
      auth: 'none',
      request: { params: z.object({ id: z.string() }) },
      responses: { 204: null },
      handler: (_ctx) => ({ status: 204 }),
    });
    server = await serve([route]);
    const response = await fetch(`${server.url}/api/v1/things/x`, { method: 'DELETE' });
    expect(response.status).to.equal(204);
    expect(await response.text()).to.equal('');
  });

  it('when the handler throws a typed error, the error middleware maps it', async () => {
    const route = defineRoute({
      method: 'post',
      path: '/users',
      summary: 's',
      tags: ['t'],
      auth: 'none',
      responses: { 201: z.object({}) },
      handler: (_ctx) => {
        throw new ConflictError('Email already registered', {
          code: 'USER_EMAIL_TAKEN',
          details: { field: 'email' },
        });
      },
    });
    server = await serve([route]);
    const response = await post('/api/v1/users', {});
    expect(response.status).to.equal(409);
    expect(await response.json()).to.deep.equal({
      error: { code: 'USER_EMAIL_TAKEN', message: 'Email already registered', details: { field: 'email' } },
    });
  });

  it('when a path param lacks a schema, or the schema names other params, definition fails', () => {
    const base = {
      method: 'get',
      summary: 's',
      tags: ['t'],
      auth: 'none',
      responses: { 200: z.object({}) },
      handler: (_ctx: unknown) => ({ status: 200 as const, body: {} }),
    } as const;
    expect(() => defineRoute({ ...base, path: '/a/:id' })).to.throw(TypeError, /path has \[id\]/);
    expect(() =>
      defineRoute({ ...base, path: '/a/:id', request: { params: z.object({ other: z.string() }) } }),
    ).to.throw(TypeError);
    expect(() =>
      defineRoute({ ...base, path: '/a/:id', request: { params: z.object({ id: z.string() }) } }),
    ).not.to.throw();
  });

  for (const path of ['a', '/a/*', '/a/{id}', '/a//b', '/a/:id?', '/a b']) {
    it(`when the path is "${path}", definition fails`, () => {
      expect(() =>
        defineRoute({
          method: 'get',
          path,
          summary: 's',
          tags: [],
          auth: 'none',
          responses: { 200: z.object({}) },
          handler: (_ctx) => ({ status: 200, body: {} }),
        }),
      ).to.throw(TypeError);
    });
  }

  it('when no operationId is given, one is derived from method and path', () => {
    const route = defineRoute({
      method: 'get',
      path: '/campaigns/:id/daily-metrics',
      summary: 's',
      tags: [],
      auth: 'none',
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: z.object({}) },
      handler: (_ctx) => ({ status: 200, body: {} }),
    });
    expect(route.operationId).to.equal('getCampaignsByIdDailyMetrics');
  });
});
