/**
 * Notify actions: an in-app alert (alerts collection + `alert.raised`), a WhatsApp message to
 * the tenant's managers (queued in the alerts outbox the WhatsApp channel drains), and a signed
 * outgoing webhook through the egress client (timeouts, retries, SSRF guard).
 */
import { createHmac } from 'node:crypto';
import type { AlertService } from '../alerts/alert.service.js';
import type { EgressHttpClient, RuleAction, RuleCampaignSnapshot } from '../plugin-api/index.js';

type NotifyAction = Extract<RuleAction, { type: 'notify' }>;

export interface NotifyRequest {
  readonly tenantId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly campaign: Pick<RuleCampaignSnapshot, 'key' | 'platform' | 'externalId' | 'name'>;
  readonly explanation: string;
  readonly action: NotifyAction;
  readonly webhookSecret: string | undefined;
  readonly at: Date;
  readonly signal: AbortSignal;
}

/** `sha256=<hex>` of the exact body bytes, as receivers recompute it. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createRuleNotifier(deps: { readonly alerts: AlertService; readonly http: EgressHttpClient }) {
  return {
    /** Sends on every channel of the action; throws on the first channel that fails. */
    async notify(request: NotifyRequest): Promise<{ readonly channels: string[] }> {
      const { action, campaign } = request;
      const title = `${request.ruleName}: ${campaign.name}`;
      const source = `rules:${request.ruleId}`;
      const sent: string[] = [];
      let alertId: string | undefined;
      if (action.channels.includes('in_app')) {
        const alert = await deps.alerts.raise(request.tenantId, {
          source,
          severity: action.severity,
          title,
          details: { ruleId: request.ruleId, campaignKey: campaign.key, explanation: request.explanation },
        });
        alertId = alert.id;
        sent.push('in_app');
      }
      if (action.channels.includes('whatsapp')) {
        await deps.alerts.requestManagerMessage(request.tenantId, {
          severity: action.severity,
          title,
          text: `${title}. ${request.explanation}`,
          source,
          ...(alertId === undefined ? {} : { alertId }),
        });
        sent.push('whatsapp');
      }
      if (action.channels.includes('webhook') && action.webhookUrl !== undefined) {
        if (request.webhookSecret === undefined)
          throw new Error(
            'RULES_WEBHOOK_SECRET_MISSING: set webhookSecret in the rules plugin configuration',
          );
        const timestamp = request.at.toISOString();
        const body = JSON.stringify({
          event: 'rule.notify',
          tenantId: request.tenantId,
          ruleId: request.ruleId,
          ruleName: request.ruleName,
          severity: action.severity,
          campaign: {
            key: campaign.key,
            platform: campaign.platform,
            externalId: campaign.externalId,
            name: campaign.name,
          },
          explanation: request.explanation,
          at: timestamp,
        });
        const response = await deps.http.request({
          method: 'POST',
          url: action.webhookUrl,
          headers: {
            'content-type': 'application/json',
            'x-stratum-timestamp': timestamp,
            'x-stratum-signature': signWebhookBody(request.webhookSecret, timestamp, body),
          },
          body,
          timeoutMs: 10_000,
          signal: request.signal,
        });
        if (response.status < 200 || response.status >= 300)
          throw new Error(`RULES_WEBHOOK_REJECTED: the webhook answered ${response.status}`);
        sent.push('webhook');
      }
      return { channels: sent };
    },
  };
}

export type RuleNotifier = ReturnType<typeof createRuleNotifier>;
