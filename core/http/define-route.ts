import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { InputError } from '../errors/errors.js';
import type { FieldIssue } from '../errors/errors.js';
import { requestIdOf, requestLoggerOf } from './request-context.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Response schemas by status; `null` means no body (204). */
export type ResponseSchemas = { readonly [status: number]: z.ZodType | null };

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler returns: a declared status with a body its schema accepts. */
export type RouteReply<R extends ResponseSchemas> = {
  [K in keyof R & number]: R[K] extends z.ZodType
    ? { readonly status: K; readonly body: z.input<R[K]> }
    : { readonly status: K; readonly body?: undefined };
}[keyof R & number];

export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly req: Request;
  readonly res: Response;
  readonly requestId: string;
  readonly log: Logger;
}

/** Access placeholder until RBAC lands: `permission` is a name the guard understands. */
export type RouteAuth = 'none' | 'required';

export interface RouteSpec<P, Q, B, R extends ResponseSchemas> {
  readonly method: HttpMethod;
  /** Relative to `/api/v1`, Express syntax: `/campaigns/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly operationId?: string;
  readonly auth: RouteAuth;
  readonly permission?: string;
  readonly request?: { readonly params?: P; readonly query?: Q; readonly body?: B };
  readonly responses: R;
  /**
   * Declare the context parameter (`(ctx) =>`, or `(_ctx) =>` when unused): a handler with a
   * parameter is checked after `responses` fixed R, so `status: 201` and enum values in the
   * body keep their literal types. NoInfer keeps the handler from influencing R.
   */
  readonly handler: NoInfer<
    (context: RouteContext<Parsed<P>, Parsed<Q>, Parsed<B>>) => Promise<RouteReply<R>> | RouteReply<R>
  >;
}

/** A route with its types erased, ready for the app and the OpenAPI generator. */
export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly description: string | undefined;
  readonly tags: readonly string[];
  readonly operationId: string;
  readonly auth: RouteAuth;
  readonly permission: string | undefined;
  readonly request: { readonly params?: z.ZodType; readonly query?: z.ZodType; readonly body?: z.ZodType };
  readonly responses: ResponseSchemas;
  /** Validates the request, runs the handler, validates and sends its reply. */
  readonly handle: (req: Request, res: Response, fallbackLogger: Logger) => Promise<void>;
}

const PATH_PATTERN = /^(?:\/(?:[A-Za-z0-9_.-]+|:[A-Za-z_][A-Za-z0-9_]*))+$|^\/$/;

export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] ?? '');
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `get /campaigns/:id/daily-metrics` → `getCampaignsByIdDailyMetrics`. */
function defaultOperationId(method: HttpMethod, path: string): string {
  const words = path
    .split('/')
    .filter((part) => part !== '')
    .flatMap((part) => (part.startsWith(':') ? ['By', part.slice(1)] : part.split(/[-_.]/)))
    .map(capitalize);
  return `${method}${words.join('')}`;
}

function assertParamsMatchPath(path: string, params: z.ZodType | undefined): void {
  const names = pathParamNames(path).sort();
  const declared = params instanceof z.ZodObject ? Object.keys(params.shape).sort() : [];
  if (params !== undefined && !(params instanceof z.ZodObject))
    throw new TypeError(`Route ${path}: params must be a z.object`);
  if (names.join(',') !== declared.join(',')) {
    throw new TypeError(
      `Route ${path}: params schema declares [${declared.join(', ')}] but the path has [${names.join(', ')}]`,
    );
  }
}

function collectIssues(
  where: string,
  schema: z.ZodType | undefined,
  value: unknown,
  issues: FieldIssue[],
): unknown {
  if (schema === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    issues.push({ in: where, path: issue.path.map(String).join('.'), message: issue.message });
  return undefined;
}

function sendReply(
  res: Response,
  responses: ResponseSchemas,
  reply: { status: number; body?: unknown },
): void {
  if (res.headersSent) return;
  const schema = responses[reply.status];
  if (schema === undefined) {
    throw new AppError(
      'internal',
      'HTTP_RESPONSE_UNDECLARED',
      `Handler replied with undeclared status ${reply.status}`,
    );
  }
  if (schema === null) {
    res.status(reply.status).end();
    return;
  }
  const parsed = schema.safeParse(reply.body);
  // Parsing the reply also strips undeclared fields, so an internal field never leaks.
  if (!parsed.success) {
    throw new AppError('internal', 'HTTP_RESPONSE_INVALID', 'Handler reply does not match its schema', {
      cause: parsed.error,
    });
  }
  res.status(reply.status).json(parsed.data);
}

/**
 * Declares a typed route: the zod schemas validate the request (400 `INPUT_VALIDATION_FAILED`
 * listing `{in, path, message}` per bad field), give the handler typed values, shape the reply,
 * and produce the OpenAPI operation. Parsed input is passed on, never written onto `req`.
 */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends ResponseSchemas = ResponseSchemas,
>(spec: RouteSpec<P, Q, B, R>): RouteDefinition {
  if (!PATH_PATTERN.test(spec.path))
    throw new TypeError(`Route path "${spec.path}" must be /segments with optional :params`);
  const request = {
    params: spec.request?.params ?? undefined,
    query: spec.request?.query ?? undefined,
    body: spec.request?.body ?? undefined,
  };
  assertParamsMatchPath(spec.path, request.params);
  if (Object.keys(spec.responses).length === 0)
    throw new TypeError(`Route ${spec.path}: declare at least one response`);

  const handle = async (req: Request, res: Response, fallbackLogger: Logger): Promise<void> => {
    const issues: FieldIssue[] = [];
    const params = collectIssues('params', request.params, req.params, issues);
    // Express 5 computes req.query on each read; read it once.
    const query = collectIssues(
      'query',
      request.query,
      request.query === undefined ? undefined : req.query,
      issues,
    );
    const body = collectIssues('body', request.body, req.body, issues);
    if (issues.length > 0)
      throw new InputError('Request validation failed', { code: 'INPUT_VALIDATION_FAILED', details: issues });
    const context = {
      params,
      query,
      body,
      req,
      res,
      requestId: requestIdOf(res),
      // Made on first use: most handlers never log.
      get log() {
        return requestLoggerOf(res, fallbackLogger);
      },
    };
    const reply = await spec.handler(context as RouteContext<Parsed<P>, Parsed<Q>, Parsed<B>>);
    sendReply(res, spec.responses, reply as { status: number; body?: unknown });
  };

  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags,
    operationId: spec.operationId ?? defaultOperationId(spec.method, spec.path),
    auth: spec.auth,
    permission: spec.permission,
    request: Object.fromEntries(Object.entries(request).filter(([, schema]) => schema !== undefined)),
    responses: spec.responses,
    handle,
  };
}
