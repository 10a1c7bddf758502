import { z } from 'zod';
import { actionContextOf, requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { PlannedRuleAction, RuleConditionTrace } from '../plugin-api/index.js';
import type { Permission } from '../rbac/permissions.js';
import type { Rule } from './rule.repository.js';
import type { RuleActionEntry, RuleRun } from './rule-run.repository.js';
import {
  backtestBodySchema,
  backtestResponseSchema,
  createRuleBodySchema,
  listRulesQuerySchema,
  previewResponseSchema,
  ruleActionResponseSchema,
  ruleIdParamsSchema,
  ruleListResponseSchema,
  ruleResponseSchema,
  ruleRunListResponseSchema,
  templateListResponseSchema,
} from './rule.schemas.js';
import type { RuleService } from './rule.service.js';
import type { RuleUndo } from './rule-undo.js';

const READ: Permission = 'rules:read';
const WRITE: Permission = 'rules:write';
const TAGS = ['rules'];

const toRule = (rule: Rule): z.input<typeof ruleResponseSchema> => ({
  id: rule.id,
  name: rule.definition.name,
  definition: { ...rule.definition },
  createdBy: rule.createdBy,
  createdAt: rule.createdAt.toISOString(),
  updatedAt: rule.updatedAt.toISOString(),
});

const toTrace = (trace: RuleConditionTrace) => ({
  ...trace,
  actual: trace.actual === Number.POSITIVE_INFINITY ? ('Infinity' as const) : trace.actual,
});

const toPlanned = (planned: PlannedRuleAction, currency: string) => ({
  type: planned.action.type,
  targetBudgetCents: planned.targetBudgetCents ?? null,
  previousBudgetCents: planned.previousBudgetCents ?? null,
  currency,
  clippedBy: [...planned.clippedBy],
  blockedBy: planned.blockedBy ?? null,
});

const toRun = (run: RuleRun): z.input<typeof ruleRunListResponseSchema>['data'][number] => ({
  id: run.id,
  ruleId: run.ruleId,
  trigger: run.trigger,
  mode: run.mode,
  status: run.status,
  day: run.day,
  campaignsEvaluated: run.campaignsEvaluated,
  campaignsMatched: run.campaignsMatched,
  matches: run.matches.map(({ campaignKey, explanation }) => ({ campaignKey, explanation })),
  actions: run.actions,
  errors: run.errors,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
});

export const toRuleAction = (action: RuleActionEntry): z.input<typeof ruleActionResponseSchema> => ({
  id: action.id,
  ruleId: action.ruleId,
  runId: action.runId,
  campaignKey: action.campaignKey,
  type: action.type,
  status: action.status,
  previous: action.previous,
  current: action.current,
  currency: action.currency,
  clippedBy: action.clippedBy,
  explanation: action.explanation,
  error: action.error,
  undoneAt: action.undoneAt?.toISOString() ?? null,
  createdAt: action.createdAt.toISOString(),
});

export function createRuleRoutes(rules: RuleService, undo: RuleUndo): RouteDefinition[] {
  const tenantOf = (res: Parameters<typeof requirePrincipal>[0]) => requirePrincipal(res).tenantId;
  return [
    defineRoute({
      method: 'get',
      path: '/rules',
      summary: "The tenant's rules, newest first",
      tags: TAGS,
      auth: 'required',
      permission: READ,
      request: { query: listRulesQuerySchema },
      responses: { 200: ruleListResponseSchema },
      handler: async ({ query, res }) => {
        const page = await rules.list(tenantOf(res), query);
        return { status: 200, body: { data: page.data.map(toRule), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/rules/templates',
      summary: 'Rule templates and their parameters (JSON Schema)',
      tags: TAGS,
      auth: 'required',
      permission: READ,
      responses: { 200: templateListResponseSchema },
      handler: async ({ res }) => {
        const templates = await rules.templates(tenantOf(res));
        const data = templates.map(({ id, name, description, parameters }) => ({
          id,
          name,
          description,
          parameters: z.toJSONSchema(parameters, { io: 'input' }) as Record<string, unknown>,
        }));
        return { status: 200, body: { data } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rules',
      summary: 'Create a rule from a definition or `{template, parameters}`',
      tags: TAGS,
      auth: 'required',
      permission: WRITE,
      request: { body: createRuleBodySchema },
      responses: { 201: ruleResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        return { status: 201, body: toRule(await rules.create(principal.tenantId, route.body, context)) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/rules/:id',
      summary: 'One rule',
      tags: TAGS,
      auth: 'required',
      permission: READ,
      request: { params: ruleIdParamsSchema },
      responses: { 200: ruleResponseSchema },
      handler: async ({ params, res }) => ({
        status: 200,
        body: toRule(await rules.get(tenantOf(res), params.id)),
      }),
    }),
    defineRoute({
      method: 'put',
      path: '/rules/:id',
      summary: 'Replace a rule definition',
      tags: TAGS,
      auth: 'required',
      permission: WRITE,
      request: { params: ruleIdParamsSchema, body: createRuleBodySchema },
      responses: { 200: ruleResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        return {
          status: 200,
          body: toRule(await rules.update(principal.tenantId, route.params.id, route.body, context)),
        };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/rules/:id',
      summary: 'Delete a rule',
      tags: TAGS,
      auth: 'required',
      permission: WRITE,
      request: { params: ruleIdParamsSchema },
      responses: { 204: null },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        await rules.remove(principal.tenantId, route.params.id, context);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rules/:id/preview',
      summary: 'Which campaigns match right now, with the numbers',
      tags: TAGS,
      auth: 'required',
      permission: READ,
      request: { params: ruleIdParamsSchema },
      responses: { 200: previewResponseSchema },
      handler: async ({ params, res }) => {
        const preview = await rules.preview(tenantOf(res), params.id);
        const matches = preview.matches.map(({ campaign, verdict, actions }) => ({
          campaignKey: campaign.key,
          name: campaign.name,
          platform: campaign.platform,
          explanation: verdict.explanation,
          conditions: verdict.conditions.map(toTrace),
          actions: actions.map((action) => toPlanned(action, campaign.currency)),
        }));
        return {
          status: 200,
          body: {
            ruleId: preview.ruleId,
            day: preview.day,
            campaignsEvaluated: preview.campaignsEvaluated,
            matches,
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rules/:id/backtest',
      summary: 'Replay history day by day: what the rule would have done',
      tags: TAGS,
      auth: 'required',
      permission: READ,
      request: { params: ruleIdParamsSchema, body: backtestBodySchema },
      responses: { 200: backtestResponseSchema },
      handler: async ({ params, body, res }) => {
        const result = await rules.backtest(tenantOf(res), params.id, body);
        const days = result.days.map((day) => ({
          day: day.day,
          campaignsEvaluated: day.campaignsEvaluated,
          actions: day.actions.map(({ campaign, explanation, planned }) => ({
            campaignKey: campaign.key,
            name: campaign.name,
            explanation,
            action: toPlanned(planned, campaign.currency),
          })),
        }));
        return {
          status: 200,
          body: { ruleId: params.id, from: body.from, to: body.to, kpiQueries: result.kpiQueries, days },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/rules/:id/runs',
      summary: "A rule's runs, newest first",
      tags: TAGS,
      auth: 'required',
      permission: READ,
      request: { params: ruleIdParamsSchema, query: listRulesQuerySchema },
      responses: { 200: ruleRunListResponseSchema },
      handler: async ({ params, query, res }) => {
        const page = await rules.runs(tenantOf(res), params.id, query);
        return { status: 200, body: { data: page.data.map(toRun), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rule-actions/:id/undo',
      summary: 'Undo a rule action (restores the previous status or budget)',
      tags: TAGS,
      auth: 'required',
      permission: WRITE,
      request: { params: ruleIdParamsSchema },
      responses: { 200: ruleActionResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        return {
          status: 200,
          body: toRuleAction(await undo.undo(principal.tenantId, route.params.id, context)),
        };
      },
    }),
  ];
}
