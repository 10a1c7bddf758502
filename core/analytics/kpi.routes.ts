import { requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import { kpiAnswerToCsv } from './kpi-csv.js';
import {
  breakdownQuerySchema,
  campaignDetailQuerySchema,
  campaignDetailSchema,
  campaignIdParamsSchema,
  campaignListQuerySchema,
  campaignPageSchema,
  csvResponseSchema,
  exportQuerySchema,
  kpiAnswerSchema,
  platformsQuerySchema,
  timeseriesQuerySchema,
  totalsQuerySchema,
} from './kpi.schemas.js';
import type { KpiService } from './kpi.service.js';

const KPIS_READ: Permission = 'kpis:read';
const CAMPAIGNS_READ: Permission = 'campaigns:read';
const EXPORTS_RUN: Permission = 'exports:run';

const PERIOD_HELP =
  'Period: `range=<preset>` (today, yesterday, last_7_days … last_year) or inclusive `from`/`to` days in the ' +
  "tenant's time zone; `compare=previous_period|previous_year`. Money in integer minor units of `currency`.";

export function createKpiRoutes(kpis: KpiService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/kpis',
      summary: 'KPI totals over a period, with comparison deltas (absolute and percent)',
      description: PERIOD_HELP,
      tags: ['kpis'],
      auth: 'required',
      permission: KPIS_READ,
      request: { query: totalsQuerySchema },
      responses: { 200: kpiAnswerSchema },
      handler: async ({ query, res }) => ({
        status: 200,
        body: await kpis.query(requirePrincipal(res).tenantId, { ...query, groupBy: 'none' }),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/kpis/timeseries',
      summary: 'KPIs per day, week (Monday–Sunday) or month; every period of the range has a row',
      description: PERIOD_HELP,
      tags: ['kpis'],
      auth: 'required',
      permission: KPIS_READ,
      request: { query: timeseriesQuerySchema },
      responses: { 200: kpiAnswerSchema },
      handler: async ({ query, res }) => ({
        status: 200,
        body: await kpis.query(requirePrincipal(res).tenantId, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/kpis/breakdown',
      summary: 'KPIs per platform, account or campaign, sorted (`sort=-spend`) and limited',
      description: PERIOD_HELP,
      tags: ['kpis'],
      auth: 'required',
      permission: KPIS_READ,
      request: { query: breakdownQuerySchema },
      responses: { 200: kpiAnswerSchema },
      handler: async ({ query, res }) => ({
        status: 200,
        body: await kpis.query(requirePrincipal(res).tenantId, { ...query, limit: query.limit ?? 50 }),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/kpis/export',
      summary: 'The same answer as CSV (`format=csv`), formula-like cells neutralised',
      description: `${PERIOD_HELP} Answers \`text/csv\` as an attachment.`,
      tags: ['kpis'],
      auth: 'required',
      permission: EXPORTS_RUN,
      request: { query: exportQuerySchema },
      responses: { 200: csvResponseSchema },
      handler: async ({ query, res }) => {
        const answer = await kpis.query(requirePrincipal(res).tenantId, query);
        const csv = kpiAnswerToCsv(answer);
        // define-route sends JSON; a reply already sent is left alone, so the CSV goes out here.
        res
          .status(200)
          .type('text/csv; charset=utf-8')
          .setHeader('Content-Disposition', `attachment; filename="kpis-${answer.from}-${answer.to}.csv"`)
          .setHeader('Cache-Control', 'no-store')
          .send(csv);
        return { status: 200, body: csv };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/campaigns',
      summary: 'Campaigns with KPIs over a period; filters, sort and cursor paging',
      description: `${PERIOD_HELP} Filters: platforms, accountIds, statuses (comma-separated).`,
      tags: ['kpis', 'campaigns'],
      auth: 'required',
      permission: CAMPAIGNS_READ,
      request: { query: campaignListQuerySchema },
      responses: { 200: campaignPageSchema },
      handler: async ({ query, res }) => ({
        status: 200,
        body: await kpis.campaigns(requirePrincipal(res).tenantId, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/campaigns/:id',
      summary: 'One campaign with its KPIs and daily series',
      description: PERIOD_HELP,
      tags: ['kpis', 'campaigns'],
      auth: 'required',
      permission: CAMPAIGNS_READ,
      request: { params: campaignIdParamsSchema, query: campaignDetailQuerySchema },
      responses: { 200: campaignDetailSchema },
      handler: async ({ params, query, res }) => ({
        status: 200,
        body: await kpis.campaign(requirePrincipal(res).tenantId, params.id, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/platforms',
      summary: 'Per-platform sync status and KPIs',
      description: PERIOD_HELP,
      tags: ['kpis'],
      auth: 'required',
      permission: KPIS_READ,
      request: { query: platformsQuerySchema },
      responses: { 200: kpiAnswerSchema },
      handler: async ({ query, res }) => ({
        status: 200,
        body: await kpis.platforms(requirePrincipal(res).tenantId, query),
      }),
    }),
  ];
}
