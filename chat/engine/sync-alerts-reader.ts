/**
 * Alerts from what exists today: failed sync runs (core/ingest). When core/alerts lands, its
 * fired rules and anomalies join through the same port.
 */
import type { SyncRuns } from '../../core/ingest/sync-runs.js';
import { AD_PLATFORMS } from '../../core/plugin-api/index.js';
import type { AlertsReader, ChatAlert } from './ports.js';

const MAX_SUMMARY_CHARS = 200;

/** `ads-meta` → `meta`; plugins that are not one platform's (ads-demo) → null. */
export function platformOfPlugin(pluginId: string): string | null {
  const rest = pluginId.startsWith('ads-') ? pluginId.slice(4) : '';
  return (AD_PLATFORMS as readonly string[]).includes(rest) ? rest : null;
}

export function createSyncAlertsReader(syncRuns: Pick<SyncRuns, 'list'>): AlertsReader {
  return {
    async recent(tenantId, { since, limit }) {
      const page = await syncRuns.list(tenantId, { status: 'failed', limit });
      return page.data
        .filter((run) => (run.finishedAt ?? run.queuedAt) >= since)
        .map((run): ChatAlert => {
          const error = run.errors.at(-1);
          const summary = error === undefined ? run.pluginId : `${error.code}: ${error.message}`;
          return {
            kind: 'sync_failed',
            at: (run.finishedAt ?? run.queuedAt).toISOString(),
            source: run.pluginId,
            platform: platformOfPlugin(run.pluginId),
            summary:
              summary.length > MAX_SUMMARY_CHARS ? `${summary.slice(0, MAX_SUMMARY_CHARS - 1)}…` : summary,
          };
        });
    },
  };
}
