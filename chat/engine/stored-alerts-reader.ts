/**
 * The chat's "what is wrong?" from both sources: the tenant's stored alerts (core/alerts: fired
 * rules, failed rule actions, anything published as `alert.raised`) and failed sync runs, newest
 * first. Acknowledged and resolved alerts are left out: they are no longer news.
 */
import type { AlertReader } from '../../core/alerts/alert.service.js';
import type { Alert } from '../../core/alerts/alert.repository.js';
import type { AlertsReader, ChatAlert } from './ports.js';
import { platformOfPlugin } from './sync-alerts-reader.js';

const MAX_SUMMARY_CHARS = 200;

function clip(text: string): string {
  return text.length > MAX_SUMMARY_CHARS ? `${text.slice(0, MAX_SUMMARY_CHARS - 1)}…` : text;
}

function platformOf(alert: Alert): string | null {
  const platform = alert.details.platform;
  if (typeof platform === 'string') return platform;
  return platformOfPlugin(alert.source);
}

/** Stored alert → chat alert: rule sources say `rules:<id>`, plugins their id. */
export function toChatAlert(alert: Alert): ChatAlert {
  return {
    kind: alert.source.startsWith('rules:') ? 'rule_fired' : 'anomaly',
    at: alert.createdAt.toISOString(),
    source: alert.source,
    platform: platformOf(alert),
    summary: clip(alert.title),
  };
}

export function createStoredAlertsReader(
  alerts: Pick<AlertReader, 'listAlerts'>,
  syncFailures?: AlertsReader,
): AlertsReader {
  return {
    async recent(tenantId, options) {
      const [stored, failures] = await Promise.all([
        alerts.listAlerts(tenantId, { status: 'open', since: options.since, limit: options.limit }),
        syncFailures === undefined ? Promise.resolve([]) : syncFailures.recent(tenantId, options),
      ]);
      return [...stored.map(toChatAlert), ...failures]
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, options.limit);
    },
  };
}
