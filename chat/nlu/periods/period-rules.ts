/**
 * The period grammar: rules over the canonical English text, each turning a phrase into days.
 * Conventions are the KPI presets' (weeks Monday–Sunday, "last N days" = N complete days ending
 * yesterday); a month or date without a year is the nearest past one unless the message looks
 * ahead. Rules are tried in order and a matched phrase is consumed, so "1-15 nov" is one span and
 * never also "nov".
 */
import { CALENDAR_RULES } from './period-rules-calendar.js';
import { DAY_RULES } from './period-rules-days.js';
import type { PeriodRule } from './period-resolvers.js';

export type { RelativePeriod, RuleContext, RuleResult, PeriodRule } from './period-resolvers.js';

/** Days first: a span such as "1-15 nov" is consumed before "nov" alone could match. */
export const PERIOD_RULES: readonly PeriodRule[] = [...DAY_RULES, ...CALENDAR_RULES];
