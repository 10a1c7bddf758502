/**
 * The chat wired from the composition root's deps: the conversation store, the understander,
 * the engine (KPI service, campaigns, tenant settings, alerts from failed syncs, optional budget
 * advisor and competitor reader), the REST routes and the `/chat` socket.io namespace.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { KpiTenantDirectory } from '../core/analytics/kpi.service.js';
import type { AlertReader } from '../core/alerts/alert.service.js';
import type { AuthService } from '../core/auth/auth.service.js';
import type { RouteDefinition } from '../core/http/define-route.js';
import type { SyncRuns } from '../core/ingest/sync-runs.js';
import type { EmbedTokenService } from '../core/security/embed-tokens.js';
import type { TenantContext } from '../core/tenancy/tenant-context.js';
import { createConversationModel } from './conversations/conversation.model.js';
import { createConversationRepository } from './conversations/conversation.repository.js';
import type { ConversationStore } from './conversations/conversation.repository.js';
import { createWriteBehindStore } from './conversations/write-behind-store.js';
import type { ChatEngine } from './engine/chat-engine.js';
import { createChatEngine } from './engine/create-chat-engine.js';
import { createCampaignDirectory, createTenantSettingsReader } from './engine/directories.js';
import type { AlertsReader, BudgetAdvisor, ChatKpiReader, CompetitorsReader } from './engine/ports.js';
import { createStoredAlertsReader } from './engine/stored-alerts-reader.js';
import { createSyncAlertsReader } from './engine/sync-alerts-reader.js';
import type { Understander } from './nlu/frame.js';
import { createUnderstander } from './nlu/understander.js';
import { createChatAuthenticator } from './web/chat-auth.js';
import { attachChatNamespace } from './web/chat-socket.js';
import type { ChatSocketAttachment } from './web/chat-socket.js';
import { createChatRoutes } from './web/chat.routes.js';
import type { TokenBucketOptions } from './web/token-bucket.js';

export interface ChatModuleDeps {
  readonly connection: Connection;
  readonly tenantContext: TenantContext;
  readonly logger: Logger;
  readonly kpis: ChatKpiReader;
  readonly tenants: KpiTenantDirectory;
  readonly auth: Pick<AuthService, 'authenticateAccessToken'>;
  /** Verifies embed tokens of the chat widget (the embed module's live verifier checks the site too). */
  readonly embedTokens: Pick<EmbedTokenService, 'verify'>;
  /** Failed sync runs answer "what is wrong?" until core/alerts offers more. */
  readonly syncRuns?: Pick<SyncRuns, 'list'>;
  /** Stored alerts (core/alerts): fired rules and anything raised on the bus. */
  readonly alerts?: Pick<AlertReader, 'listAlerts'>;
  readonly budgetAdvisor?: BudgetAdvisor;
  readonly competitors?: CompetitorsReader;
  /** Default: `createUnderstander()` of chat/nlu. */
  readonly understander?: Understander;
  readonly socketRateLimit?: TokenBucketOptions;
  readonly now?: () => Date;
}

export interface ChatModule {
  readonly routes: readonly RouteDefinition[];
  readonly engine: ChatEngine;
  readonly conversations: ConversationStore;
  /** Adds the `/chat` namespace to the host's socket.io server. */
  attachSockets(io: Server): ChatSocketAttachment;
  ensureIndexes(): Promise<void>;
  close(): Promise<void>;
}

function alertsOf(deps: ChatModuleDeps): { readonly alerts?: AlertsReader } {
  const failures = deps.syncRuns === undefined ? undefined : createSyncAlertsReader(deps.syncRuns);
  if (deps.alerts !== undefined) return { alerts: createStoredAlertsReader(deps.alerts, failures) };
  return failures === undefined ? {} : { alerts: failures };
}

export function createChatModule(deps: ChatModuleDeps): ChatModule {
  const logger = deps.logger.child({ module: 'chat' });
  const model = createConversationModel(deps.connection, deps.tenantContext);
  const conversations = createWriteBehindStore(createConversationRepository(model), logger);
  const engine = createChatEngine({
    understander: deps.understander ?? createUnderstander(),
    kpis: deps.kpis,
    campaigns: createCampaignDirectory(deps.connection),
    tenants: createTenantSettingsReader(deps.tenants),
    conversations,
    logger,
    ...alertsOf(deps),
    ...(deps.budgetAdvisor === undefined ? {} : { budgetAdvisor: deps.budgetAdvisor }),
    ...(deps.competitors === undefined ? {} : { competitors: deps.competitors }),
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  const authenticate = createChatAuthenticator({ auth: deps.auth, embedTokens: deps.embedTokens });
  const attachments: ChatSocketAttachment[] = [];
  return {
    routes: createChatRoutes({ engine, conversations, ...(deps.now === undefined ? {} : { now: deps.now }) }),
    engine,
    conversations,
    attachSockets(io) {
      const attachment = attachChatNamespace(io, {
        engine,
        conversations,
        authenticate,
        logger,
        ...(deps.socketRateLimit === undefined ? {} : { rateLimit: deps.socketRateLimit }),
        ...(deps.now === undefined ? {} : { now: deps.now }),
      });
      attachments.push(attachment);
      return attachment;
    },
    async ensureIndexes() {
      await model.createIndexes();
    },
    async close() {
      await Promise.all(attachments.map((attachment) => attachment.close()));
      await conversations.flush();
    },
  };
}
