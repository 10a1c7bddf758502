import type { ChatCatalog } from './catalog.js';

const GRANULARITY = { day: 'день', week: 'тиждень', month: 'місяць' } as const;
const ALERT_KINDS = {
  sync_failed: 'збій синхронізації',
  rule_fired: 'спрацювало правило',
  anomaly: 'аномалія',
} as const;

export const uk: ChatCatalog = {
  locale: 'uk-UA',
  metricNames: {
    roas: 'ROAS',
    spend: 'Витрати',
    revenue: 'Дохід',
    cpa: 'CPA',
    cpc: 'CPC',
    cpm: 'CPM',
    ctr: 'CTR',
    conversions: 'Конверсії',
    clicks: 'Кліки',
    impressions: 'Покази',
    cvr: 'Коефіцієнт конверсії',
  },
  allPlatforms: 'усіх платформах',
  campaignLabel: 'Кампанія',
  platformLabel: 'Платформа',
  periodLabel: 'Період',
  list: (items) => new Intl.ListFormat('uk', { type: 'conjunction' }).format(items),
  metricValue: (metric, filter, period, value) => `${metric} на ${filter}, ${period}: ${value}`,
  previousValue: (period, value, change) => `Попередній період (${period}): ${value} (${change})`,
  overviewTitle: (filter, period) => `Огляд: ${filter}, ${period}:`,
  noData: (filter, period) => `Немає даних для ${filter} за ${period}.`,
  basis: (currency, timezone) => `Суми в ${currency}; дні за часовим поясом ${timezone}.`,
  freshness: (when) => `Дані востаннє синхронізовано ${when}.`,
  neverSynced: 'Ці дані ще не синхронізовано.',
  unsettled: 'Останні дні ще можуть змінитися, коли надійдуть пізні конверсії.',
  defaultPeriod: (period) => `Період не вказано, тож це ${period}.`,
  futurePeriod: (period) => `Період ${period} ще не настав, тому виміряних даних немає.`,
  compareTitle: (metric, period, filter) => `Порівняння: ${metric}, ${period} (${filter}):`,
  topTitle: (direction, count, of, metric, period, filter) =>
    `${direction === 'top' ? 'Найкращі' : 'Найгірші'} ${count} ${of === 'campaigns' ? 'кампаній' : 'платформ'} за ${metric}, ${period} (${filter}):`,
  trendSummary: (metric, first, last, highest, lowest) =>
    `${metric}: від ${first} до ${last}; найвище ${highest}, найнижче ${lowest}.`,
  trendTitle: (metric, filter, period, granularity) =>
    `${metric} за кожен ${GRANULARITY[granularity]} на ${filter}, ${period}:`,
  askCampaign: (fragment, options) =>
    `«${fragment}» відповідає кільком кампаніям. Яку саме ви маєте на увазі: ${options.join(' / ')}?`,
  campaignUnknown: (names) => `Не знайшов кампанію ${names.join(', ')}.`,
  budgetUnavailable: 'Поради щодо бюджету недоступні: плагін ML-прогнозування не встановлено.',
  budgetNoModel: 'Поради щодо бюджету поки недоступні: модель ще не навчена на ваших даних.',
  budgetTitle: (period, filter) => `Рекомендовані денні бюджети на ${period} (${filter}):`,
  budgetLine: (label, current, suggested) => `• ${label}: ${current} → ${suggested}`,
  budgetExpected: (roas) => `Очікуваний ROAS за такого розподілу: ${roas}.`,
  alertsNone: (since) => `Сповіщень з ${since} немає.`,
  alertsTitle: (count, since) => `Сповіщень з ${since}: ${count}`,
  alertLine: (kind, when, source, summary) => `• ${when} — ${ALERT_KINDS[kind]} (${source}): ${summary}`,
  alertsUnavailable: 'Сповіщення зараз недоступні.',
  competitorsUnavailable: 'Аналітика конкурентів поки недоступна для вашого простору.',
  competitorActivity: (name, active, recent, lastSeen) =>
    `${name}: активних оголошень ${active}, нових за 7 днів ${recent} (востаннє ${lastSeen}).`,
  competitorUnknown: (name) => `Я не відстежую конкурента ${name}.`,
  help:
    'Я відповідаю на запитання про ефективність реклами: метрика за період («roas meta вчора»), порівняння ' +
    '(«витрати google проти tiktok минулого тижня»), рейтинги («топ-5 кампаній за доходом цього місяця»), ' +
    'тренди, останні сповіщення та, з ML-плагіном, поради щодо бюджету.',
  smalltalk: 'Вітаю! Запитайте про ваші кампанії, наприклад «roas вчора» або «топ кампаній минулого тижня».',
  unknown:
    'Вибачте, це поза межами того, з чим я можу допомогти. Я відповідаю про рекламні метрики, рейтинги, тренди та сповіщення.',
  actionRequest:
    'Я не змінюю кампанії з чату. Будь ласка, зробіть це в консолі Stratum, де зміни перевіряються й журналюються.',
  suggestions: ['ROAS вчора', 'Топ-5 кампаній минулого тижня', 'Тренд витрат за 30 днів'],
};
