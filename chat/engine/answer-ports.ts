/**
 * Answers from the optional sources: budget advice (the ML plugin), alerts, competitors. An
 * absent source is said to be absent; nothing is estimated in its place.
 */
import type { Answer, AnswerContext } from './answer-context.js';
import { filterLabel, joinLines } from './answer-context.js';
import type { AlertsReader, BudgetAdvisor, CompetitorsReader } from './ports.js';

const ALERT_LOOKBACK_MS = 7 * 86_400_000;
const MAX_ALERTS = 10;

export async function answerBudget(
  context: AnswerContext,
  advisor: BudgetAdvisor | undefined,
): Promise<Answer> {
  const { catalog, format, frame, filters } = context;
  if (advisor === undefined) return { text: catalog.budgetUnavailable, payload: null };
  const range = frame.range === null ? null : context.period.range;
  const advice = await advisor.advise(context.tenantId, {
    metric: frame.metric,
    platforms: filters.platforms,
    campaignIds: filters.campaignIds,
    range,
    question: frame.text,
  });
  if (advice === null || advice.allocations.length === 0)
    return { text: catalog.budgetNoModel, payload: null };
  const money = (cents: number | null) => format.value('spend', cents);
  const lines = advice.allocations.map((allocation) =>
    catalog.budgetLine(
      allocation.label,
      money(allocation.currentDailyCents),
      money(allocation.suggestedDailyCents),
    ),
  );
  const period = advice.range === null ? '—' : format.range(advice.range);
  const expected =
    advice.expectedRoas === null ? [] : [catalog.budgetExpected(format.value('roas', advice.expectedRoas))];
  return {
    text: joinLines([catalog.budgetTitle(period, filterLabel(context))], lines, expected, [
      catalog.basis(advice.currency, context.timezone),
    ]),
    payload: {
      kind: 'table',
      columns: [
        { key: 'label', label: catalog.campaignLabel },
        { key: 'currentDaily', label: '→' },
        { key: 'suggestedDaily', label: '✓' },
      ],
      rows: advice.allocations.map((allocation) => ({
        label: allocation.label,
        currentDaily: format.cell('spend', allocation.currentDailyCents),
        suggestedDaily: format.cell('spend', allocation.suggestedDailyCents),
      })),
    },
  };
}

export async function answerAlerts(
  context: AnswerContext,
  reader: AlertsReader | undefined,
  now: Date,
): Promise<Answer> {
  const { catalog, format } = context;
  if (reader === undefined) return { text: catalog.alertsUnavailable, payload: null };
  const since = new Date(now.getTime() - ALERT_LOOKBACK_MS);
  const platforms = context.filters.platforms;
  const alerts = (await reader.recent(context.tenantId, { since, limit: MAX_ALERTS })).filter(
    (alert) => platforms.length === 0 || alert.platform === null || platforms.includes(alert.platform),
  );
  const sinceText = format.instant(since.toISOString(), context.timezone);
  if (alerts.length === 0) return { text: catalog.alertsNone(sinceText), payload: null };
  const lines = alerts.map((alert) =>
    catalog.alertLine(alert.kind, format.instant(alert.at, context.timezone), alert.source, alert.summary),
  );
  return { text: joinLines([catalog.alertsTitle(alerts.length, sinceText)], lines), payload: null };
}

export async function answerCompetitors(
  context: AnswerContext,
  reader: CompetitorsReader | undefined,
): Promise<Answer> {
  const { catalog, frame, format } = context;
  const name = frame.extras.competitor;
  if (reader === undefined || name === undefined)
    return { text: catalog.competitorsUnavailable, payload: null };
  const activity = await reader.activity(context.tenantId, name);
  if (activity === null) return { text: catalog.competitorUnknown(name), payload: null };
  const lastSeen = activity.lastSeenAt === null ? '—' : format.instant(activity.lastSeenAt, context.timezone);
  return {
    text: catalog.competitorActivity(
      activity.competitor,
      format.value('conversions', activity.activeAds),
      format.value('conversions', activity.newAdsLast7Days),
      lastSeen,
    ),
    payload: null,
  };
}
