import { expect } from 'chai';
import { z } from 'zod';
import { defineRoute } from './define-route.js';
import { buildOpenApiDocument, toOpenApiPath } from './openapi.js';

const Campaign = z
  .object({ id: z.string(), name: z.string(), status: z.enum(['active', 'paused']) })
  .meta({ id: 'Campaign' });

const listCampaigns = defineRoute({
  method: 'get',
  path: '/campaigns',
  summary: 'List campaigns',
  tags: ['campaigns'],
  auth: 'required',
  permission: 'campaigns:read',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
      cursor: z.string().optional(),
      platform: z.enum(['meta', 'google']),
    }),
  },
  responses: { 200: z.object({ data: z.array(Campaign), nextCursor: z.string().nullable() }) },
  handler: (_ctx) => ({ status: 200, body: { data: [], nextCursor: null } }),
});

const updateCampaign = defineRoute({
  method: 'patch',
  path: '/campaigns/:campaignId',
  summary: 'Change a campaign',
  description: 'Only name and status can change.',
  tags: ['campaigns'],
  auth: 'required',
  request: {
    params: z.object({ campaignId: z.string().describe('Campaign id') }),
    body: z.object({ name: z.string().optional(), status: z.enum(['active', 'paused']).optional() }),
  },
  responses: { 200: Campaign, 404: null },
  handler: (_ctx) => ({ status: 404 }),
});

const ping = defineRoute({
  method: 'get',
  path: '/ping',
  summary: 'Ping',
  tags: ['system'],
  auth: 'none',
  responses: { 200: z.object({ pong: z.literal(true) }) },
  handler: (_ctx) => ({ status: 200, body: { pong: true } }),
});

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument([listCampaigns, updateCampaign, ping], {
    title: 'Stratum API',
    version: '1.2.3',
  });
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;

  it('when built, it is OpenAPI 3.1 with info, the /api/v1 server, sorted tags and security schemes', () => {
    expect(document.openapi).to.equal('3.1.0');
    expect(document.info).to.deep.equal({ title: 'Stratum API', version: '1.2.3' });
    expect(document.servers).to.deep.equal([{ url: '/api/v1' }]);
    expect(document.tags).to.deep.equal([{ name: 'campaigns' }, { name: 'system' }]);
    expect(document).to.have.nested.property('components.securitySchemes.bearerAuth.scheme', 'bearer');
    expect(document).to.have.nested.property('components.securitySchemes.apiKeyAuth.name', 'X-API-Key');
  });

  it('when a path has params, it is written with braces and the param is a required path parameter', () => {
    const operation = paths['/campaigns/{campaignId}']?.patch;
    expect(operation).to.include({
      operationId: 'patchCampaignsByCampaignId',
      summary: 'Change a campaign',
      description: 'Only name and status can change.',
    });
    expect(operation?.parameters).to.deep.equal([
      {
        name: 'campaignId',
        in: 'path',
        required: true,
        schema: { type: 'string' },
        description: 'Campaign id',
      },
    ]);
    expect(toOpenApiPath('/a/:b/c/:d')).to.equal('/a/{b}/c/{d}');
  });

  it('when query fields have defaults or are optional, they are not required; others are', () => {
    const parameters = paths['/campaigns']?.get?.parameters as {
      name: string;
      required: boolean;
      schema: Record<string, unknown>;
      description?: string;
    }[];
    const byName = Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter]));
    expect(byName.limit).to.deep.include({ required: false, description: 'Page size' });
    expect(byName.limit?.schema).to.include({ type: 'integer', minimum: 1, maximum: 200, default: 50 });
    expect(byName.cursor?.required).to.equal(false);
    expect(byName.platform).to.deep.include({
      required: true,
      schema: { type: 'string', enum: ['meta', 'google'] },
    });
  });

  it('when a body schema exists, it becomes a JSON requestBody', () => {
    const body = paths['/campaigns/{campaignId}']?.patch?.requestBody as Record<string, unknown>;
    expect(body).to.have.property('required', true);
    expect(body).to.have.nested.property('content.application/json.schema.type', 'object');
  });

  it('when a schema has an id, it is lifted into components and referenced', () => {
    expect(document).to.have.nested.property('components.schemas.Campaign.type', 'object');
    const response = paths['/campaigns/{campaignId}']?.patch?.responses as Record<string, unknown>;
    expect(response).to.have.nested.property(
      '200.content.application/json.schema.$ref',
      '#/components/schemas/Campaign',
    );
    expect(JSON.stringify(document)).not.to.include('#/$defs/');
    expect(JSON.stringify(document)).not.to.include('"$schema"');
  });

  it('when responses are declared, they come with the standard error responses for the route', () => {
    const secured = paths['/campaigns/{campaignId}']?.patch?.responses as Record<string, unknown>;
    expect(Object.keys(secured).sort()).to.deep.equal([
      '200',
      '400',
      '401',
      '403',
      '404',
      '413',
      '415',
      '429',
      '500',
    ]);
    expect(secured['404']).to.deep.equal({ description: 'Not found' });
    expect(secured['401']).to.deep.equal({ $ref: '#/components/responses/Error401' });
    const open = paths['/ping']?.get?.responses as Record<string, unknown>;
    expect(Object.keys(open).sort()).to.deep.equal(['200', '400', '429', '500']);
  });

  it('when a route requires auth, it lists bearer and API key security and its permission; public routes list none', () => {
    expect(paths['/campaigns']?.get?.security).to.deep.equal([{ bearerAuth: [] }, { apiKeyAuth: [] }]);
    expect(paths['/campaigns']?.get?.['x-permission']).to.equal('campaigns:read');
    expect(paths['/ping']?.get?.security).to.deep.equal([]);
  });

  it('when two routes share an operationId or method+path, building fails', () => {
    expect(() => buildOpenApiDocument([ping, ping], { title: 't', version: '1' })).to.throw(
      TypeError,
      /Duplicate operationId/,
    );
    const twin = { ...ping, operationId: 'other' };
    expect(() => buildOpenApiDocument([ping, twin], { title: 't', version: '1' })).to.throw(
      TypeError,
      /Duplicate route GET \/ping/,
    );
  });
});
