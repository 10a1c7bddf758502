/**
 * The chat engine: conversation context → understanding → follow-up merge → plan → KPI service
 * (or budget/alerts/competitor ports) → answer in the user's language → context saved. Message
 * text is never logged above debug (it is the user's words).
 */
import type { Logger } from 'pino';
import { dayInTimeZone } from '../../core/analytics/calendar-days.js';
import { catalogOf, languageOfLocale } from '../i18n/catalogs.js';
import type { ChatCatalog } from '../i18n/catalog.js';
import type { ConversationStore } from '../conversations/conversation.repository.js';
import type { Frame, Understander } from '../nlu/frame.js';
import type { ChatEngine, ChatInput, ChatLanguage } from './chat-engine.js';
import type { Answer, AnswerContext } from './answer-context.js';
import { answerCompare, answerMetric, answerTopN, answerTrend } from './answer-kpis.js';
import { answerAlerts, answerBudget, answerCompetitors } from './answer-ports.js';
import { createValueFormatter } from './format.js';
import { frameInContext } from './follow-up.js';
import type { ConversationContext } from './follow-up.js';
import { planFilters, planPeriod } from './plan.js';
import type {
  AlertsReader,
  BudgetAdvisor,
  CampaignDirectory,
  ChatKpiReader,
  CompetitorsReader,
  TenantSettingsReader,
} from './ports.js';

export interface ChatEngineDeps {
  readonly understander: Understander;
  readonly kpis: ChatKpiReader;
  readonly campaigns: CampaignDirectory;
  readonly tenants: TenantSettingsReader;
  readonly conversations: ConversationStore;
  readonly budgetAdvisor?: BudgetAdvisor;
  readonly alerts?: AlertsReader;
  readonly competitors?: CompetitorsReader;
  readonly now?: () => Date;
  readonly logger?: Logger;
}

/** Longest message the engine reads; channels refuse longer ones before calling it. */
export const MAX_CHAT_TEXT_CHARS = 2_000;

function languageOf(input: ChatInput, frame: Frame): ChatLanguage {
  return languageOfLocale(input.locale) ?? frame.extras.language;
}

function staticAnswer(frame: Frame, catalog: ChatCatalog): Answer | undefined {
  if (frame.extras.actionRequest === true) return { text: catalog.actionRequest, payload: null };
  switch (frame.intent) {
    case 'help':
      return { text: catalog.help, payload: null };
    case 'smalltalk':
      return { text: catalog.smalltalk, payload: null };
    case 'unknown':
      return { text: catalog.unknown, payload: null };
    default:
      return undefined;
  }
}

interface Outcome {
  readonly answer: Answer;
  readonly context: ConversationContext;
}

export function createChatEngine(deps: ChatEngineDeps): ChatEngine {
  const now = deps.now ?? (() => new Date());

  const answerAnalytic = async (
    input: ChatInput,
    frame: Frame,
    catalog: ChatCatalog,
    settings: { currency: string; timezone: string },
    today: string,
    campaigns: Awaited<ReturnType<CampaignDirectory['list']>>,
  ): Promise<Outcome> => {
    const plan = planFilters(frame, campaigns, input.scope);
    const kept: ConversationContext = { last: frame, pending: null };
    if (plan.kind === 'ambiguous') {
      const { fragment, options } = plan.ambiguity;
      return {
        answer: { text: catalog.askCampaign(fragment, options), payload: null },
        context: { last: null, pending: { frame, options } },
      };
    }
    if (plan.kind === 'unknown-campaign')
      return { answer: { text: catalog.campaignUnknown(plan.names), payload: null }, context: kept };
    const format = createValueFormatter(catalog, settings.currency);
    const period = planPeriod(frame, today);
    const context: AnswerContext = {
      tenantId: input.tenantId,
      frame,
      catalog,
      format,
      currency: settings.currency,
      timezone: settings.timezone,
      today,
      filters: plan.filters,
      period,
      kpis: deps.kpis,
    };
    if (frame.intent === 'budget_advice')
      return { answer: await answerBudget(context, deps.budgetAdvisor), context: kept };
    if (frame.intent === 'alerts')
      return { answer: await answerAlerts(context, deps.alerts, now()), context: kept };
    if (frame.intent === 'competitors')
      return { answer: await answerCompetitors(context, deps.competitors), context: kept };
    if (period.future)
      return {
        answer: { text: catalog.futurePeriod(format.range(period.range)), payload: null },
        context: kept,
      };
    if (plan.filters.empty)
      return {
        answer: { text: catalog.noData(catalog.allPlatforms, format.range(period.range)), payload: null },
        context: kept,
      };
    switch (frame.intent) {
      case 'compare':
        return { answer: await answerCompare(context), context: kept };
      case 'top_n':
        return { answer: await answerTopN(context), context: kept };
      case 'trend':
        return { answer: await answerTrend(context), context: kept };
      default:
        return { answer: await answerMetric(context), context: kept };
    }
  };

  return {
    async reply(input) {
      const receivedAt = now();
      const [settings, campaigns, stored] = await Promise.all([
        deps.tenants.get(input.tenantId),
        deps.campaigns.list(input.tenantId),
        deps.conversations.context(input.tenantId, input.conversationKey),
      ]);
      const today = dayInTimeZone(receivedAt, settings.timezone);
      const understood = deps.understander.understand(input.text.slice(0, MAX_CHAT_TEXT_CHARS), {
        today,
        timezone: settings.timezone,
        campaigns: [...new Set(campaigns.map((campaign) => campaign.name))],
      });
      const frame = frameInContext(understood, stored);
      const language = languageOf(input, understood);
      const catalog = catalogOf(language);
      const fixed = staticAnswer(frame, catalog);
      const outcome: Outcome =
        fixed === undefined
          ? await answerAnalytic(input, frame, catalog, settings, today, campaigns)
          : { answer: fixed, context: { last: stored.last, pending: null } };
      deps.logger?.debug(
        {
          tenantId: input.tenantId,
          channel: input.channel,
          intent: frame.intent,
          followUp: frame !== understood,
        },
        'chat message answered',
      );
      await deps.conversations.record(input.tenantId, input.conversationKey, {
        userId: input.userId,
        channel: input.channel,
        question: { text: input.text.slice(0, MAX_CHAT_TEXT_CHARS), at: receivedAt },
        answer: { text: outcome.answer.text, frame, payload: outcome.answer.payload, at: now() },
        context: outcome.context,
      });
      return {
        text: outcome.answer.text,
        language,
        payload: outcome.answer.payload,
        frame,
        suggestions: frame.intent === 'unknown' || frame.intent === 'help' ? catalog.suggestions : [],
      };
    },
  };
}
