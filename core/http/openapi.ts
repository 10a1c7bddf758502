import { z } from 'zod';
import type { RouteDefinition } from './define-route.js';
import { pathParamNames } from './define-route.js';

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

type JsonObject = Record<string, unknown>;

/** An OpenAPI 3.1 document (kept loosely typed: it is only ever serialised). */
export type OpenApiDocument = JsonObject & {
  readonly openapi: '3.1.0';
  readonly paths: Record<string, JsonObject>;
};

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Invalid input',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Valid but impossible',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Not ready',
};

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable AREA_WHAT code', examples: ['INPUT_VALIDATION_FAILED'] },
        message: { type: 'string' },
        details: { description: 'For 400: the invalid fields as {in, path, message}' },
      },
    },
  },
};

/** Converts one schema; `$defs` (schemas with a `.meta({ id })`) are lifted into components. */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: JsonObject): JsonObject {
  const converted = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonObject;
  delete converted.$schema;
  const defs = converted.$defs as Record<string, JsonObject> | undefined;
  delete converted.$defs;
  for (const [id, definition] of Object.entries(defs ?? {})) components[id] = rewriteRefs(definition);
  return rewriteRefs(converted);
}

function rewriteRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rewriteRefs) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] =
      key === '$ref' && typeof child === 'string'
        ? child.replace('#/$defs/', '#/components/schemas/')
        : rewriteRefs(child);
  }
  return copy as T;
}

function parametersOf(route: RouteDefinition, components: JsonObject): JsonObject[] {
  const parameters: JsonObject[] = [];
  for (const location of ['path', 'query'] as const) {
    const schema = location === 'path' ? route.request.params : route.request.query;
    if (schema === undefined) continue;
    const object = toSchema(schema, 'input', components);
    const properties = (object.properties ?? {}) as Record<string, JsonObject>;
    const required = new Set((object.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...propertySchema } = property;
      const parameter: JsonObject = {
        name,
        in: location,
        required: location === 'path' || required.has(name),
        schema: propertySchema,
      };
      if (typeof description === 'string') parameter.description = description;
      parameters.push(parameter);
    }
  }
  return parameters;
}

function errorStatuses(route: RouteDefinition): number[] {
  const statuses = [400];
  if (route.auth === 'required') statuses.push(401, 403);
  if (route.request.params !== undefined) statuses.push(404);
  if (route.request.body !== undefined) statuses.push(413, 415);
  statuses.push(429, 500);
  return statuses;
}

function operationOf(route: RouteDefinition, components: JsonObject): JsonObject {
  const responses: JsonObject = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    const description = STATUS_TEXT[Number(status)] ?? 'Response';
    responses[status] =
      schema === null
        ? { description }
        : {
            description,
            content: { 'application/json': { schema: toSchema(schema, 'output', components) } },
          };
  }
  for (const status of errorStatuses(route)) {
    responses[String(status)] ??= { $ref: `#/components/responses/Error${status}` };
  }
  const operation: JsonObject = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [...route.tags],
    parameters: parametersOf(route, components),
    responses,
    security: route.auth === 'required' ? [{ bearerAuth: [] }, { apiKeyAuth: [] }] : [],
  };
  if (route.description !== undefined) operation.description = route.description;
  if (route.permission !== undefined) operation['x-permission'] = route.permission;
  if (route.request.body !== undefined) {
    const optional = route.request.body.safeParse(undefined).success;
    operation.requestBody = {
      required: !optional,
      content: { 'application/json': { schema: toSchema(route.request.body, 'input', components) } },
    };
  }
  return operation;
}

/** `/campaigns/:id` → `/campaigns/{id}`. */
export function toOpenApiPath(path: string): string {
  let converted = path;
  for (const name of pathParamNames(path)) converted = converted.replace(`:${name}`, `{${name}}`);
  return converted;
}

function errorResponses(): JsonObject {
  const responses: JsonObject = {};
  for (const status of [400, 401, 403, 404, 413, 415, 429, 500]) {
    responses[`Error${status}`] = {
      description: STATUS_TEXT[status],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return responses;
}

/** Builds the OpenAPI 3.1 document from the same zod schemas that validate requests. */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[],
  info: OpenApiInfo,
  basePath = '/api/v1',
): OpenApiDocument {
  const schemas: JsonObject = { Error: ERROR_SCHEMA };
  const paths: Record<string, JsonObject> = {};
  const operationIds = new Set<string>();
  for (const route of routes) {
    if (operationIds.has(route.operationId))
      throw new TypeError(`Duplicate operationId "${route.operationId}"`);
    operationIds.add(route.operationId);
    const path = toOpenApiPath(route.path);
    const item = (paths[path] ??= {});
    if (item[route.method] !== undefined)
      throw new TypeError(`Duplicate route ${route.method.toUpperCase()} ${route.path}`);
    item[route.method] = operationOf(route, schemas);
  }
  const tags = [...new Set(routes.flatMap((route) => route.tags))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { ...info },
    servers: [{ url: basePath }],
    tags,
    paths,
    components: {
      schemas,
      responses: errorResponses(),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Access JWT, API key, or embed token' },
        apiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
  };
}
