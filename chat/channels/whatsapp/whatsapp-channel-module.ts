/**
 * The WhatsApp channels wired from the composition root's deps: models, repository,
 * installation directory, the in-process answer queue and dispatcher, the Cloud webhook router,
 * the whatsapp-web bridge, the crash sweeper and the whatsapp-web QR route.
 *
 * Why in process and not a job on the `default` queue: the dedup row inserted before the 200 is
 * already the durable claim (so replays and other API nodes never answer twice), and an answer
 * should arrive in seconds, which the job queue's polling would add to. A process dying
 * between the claim and the reply leaves that message `received`: the sweeper answers it later
 * (or marks it `expired` when too old), since Meta will not redeliver it.
 */
import type { Router } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { RouteDefinition } from '../../../core/http/define-route.js';
import type { PluginRuntime } from '../../../core/plugins/plugin-runtime.js';
import type { PluginService } from '../../../core/plugins/plugin.service.js';
import { createPluginStateRepository } from '../../../core/plugins/plugin-state-store.js';
import { PLUGIN_STATE_MODEL_NAME, createPluginStateModel } from '../../../core/plugins/plugin-state.model.js';
import type { PluginStateModel } from '../../../core/plugins/plugin-state.model.js';
import { createFieldCipher } from '../../../core/security/field-encryption.js';
import { keyringFor } from '../../../core/security/keyring-store.js';
import type { TenantContext } from '../../../core/tenancy/tenant-context.js';
import { createPhoneProtector } from '../../../core/users/phone-protection.js';
import type { User } from '../../../core/users/user.service.js';
import type { ChatEngine } from '../../engine/chat-engine.js';
import { createInboundDispatcher } from './inbound-dispatch.js';
import type { InboundDispatcher } from './inbound-dispatch.js';
import { createInboundProcessor } from './inbound-processor.js';
import type { InboundProcessor } from './inbound-processor.js';
import { createInboundSweeper } from './inbound-sweeper.js';
import type { InboundSweeper, InboundSweeperOptions } from './inbound-sweeper.js';
import { createWhatsappInstallationDirectory, enabledInstallationTenants } from './installation-directory.js';
import { createWhatsappModels } from './whatsapp-message.model.js';
import { createWhatsappMessageRepository } from './whatsapp-message.repository.js';
import type { WhatsappMessageRepository } from './whatsapp-message.repository.js';
import { createWhatsappWebhookRouter } from './whatsapp-webhook.routes.js';
import { createWhatsappWebhookService } from './whatsapp-webhook.service.js';
import type { WhatsappWebhookService } from './whatsapp-webhook.service.js';
import { createWhatsappWebBridge } from './whatsapp-web-bridge.js';
import type { WhatsappWebBridge, WhatsappWebBridgeOptions } from './whatsapp-web-bridge.js';
import { createWhatsappWebQrRoutes } from './whatsapp-web-qr.routes.js';
import { createKeyedWorkQueue } from './work-queue.js';
import type { KeyedWorkQueue } from './work-queue.js';

export interface WhatsappChannelModuleDeps {
  readonly connection: Connection;
  readonly tenantContext: TenantContext;
  readonly runtime: Pick<PluginRuntime, 'open' | 'channel' | 'check'>;
  /** The caller's installation, for the QR route's tenant check. */
  readonly plugins: Pick<PluginService, 'get'>;
  readonly users: { findByPhone(phone: string): Promise<User[]> };
  /** `config.encryptionKey`: senders are stored as the users' phone blind index, never in clear. */
  readonly encryptionKey: string;
  readonly engine: ChatEngine;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Conversations answered at once (default 16). */
  readonly concurrency?: number;
  readonly bridge?: WhatsappWebBridgeOptions;
  readonly sweeper?: InboundSweeperOptions;
}

export interface WhatsappChannelModule {
  readonly router: Router;
  /** `/api/v1` routes (the whatsapp-web QR code). */
  readonly routes: readonly RouteDefinition[];
  readonly service: WhatsappWebhookService;
  readonly dispatcher: InboundDispatcher;
  readonly bridge: WhatsappWebBridge;
  readonly sweeper: InboundSweeper;
  readonly repository: WhatsappMessageRepository;
  /** Answers one inbound message (shared with the whatsapp-web bridge). */
  readonly process: InboundProcessor;
  readonly queue: KeyedWorkQueue;
  ensureIndexes(): Promise<void>;
  /** Starts the whatsapp-web bridge and the crash sweeper. */
  start(): void;
  /** Stops collecting and sweeping, then waits for the queued answers. */
  stop(): Promise<void>;
  /** Resolves when every queued answer was sent (tests, shutdown). */
  idle(): Promise<void>;
}

/** The plugin module's registered model when there is one (same schema), else a new one. */
const pluginStateModelOf = (connection: Connection, tenantContext: TenantContext): PluginStateModel =>
  (connection.models[PLUGIN_STATE_MODEL_NAME] as PluginStateModel | undefined) ??
  createPluginStateModel(connection, tenantContext);

export function createWhatsappChannelModule(deps: WhatsappChannelModuleDeps): WhatsappChannelModule {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger.child({ module: 'chat-whatsapp' });
  const models = createWhatsappModels(deps.connection, deps.tenantContext);
  // The connection's keyring (per-tenant data keys), as every module that seals fields uses it.
  const cipher = createFieldCipher(
    deps.encryptionKey,
    keyringFor(deps.connection, { encryptionKey: deps.encryptionKey }),
  );
  const repository = createWhatsappMessageRepository(models, cipher);
  const phones = createPhoneProtector(deps.encryptionKey);
  const queue = createKeyedWorkQueue({
    concurrency: deps.concurrency ?? 16,
    onError: (error) => logger.error({ err: error }, 'whatsapp answer task failed'),
  });
  const process = createInboundProcessor({ engine: deps.engine, users: deps.users, repository, logger, now });
  const directory = createWhatsappInstallationDirectory({
    connection: deps.connection,
    runtime: deps.runtime,
    onOpenFailure: (tenantId, error) =>
      logger.warn({ err: error, tenantId }, 'whatsapp installation could not be opened'),
  });
  const dispatcher = createInboundDispatcher({
    repository,
    process,
    queue,
    blindIndex: phones.blindIndex,
    channels: deps.runtime,
    now,
  });
  const service = createWhatsappWebhookService({ directory, repository, dispatcher, logger });
  const bridge = createWhatsappWebBridge({
    ...deps.bridge,
    tenants: () => enabledInstallationTenants(deps.connection, 'channel-whatsapp-web'),
    runtime: deps.runtime,
    dispatcher,
    logger,
  });
  const sweeper = createInboundSweeper({ ...deps.sweeper, repository, dispatcher, logger, now });
  const state = createPluginStateRepository(pluginStateModelOf(deps.connection, deps.tenantContext), cipher);
  return {
    router: createWhatsappWebhookRouter(service, logger),
    routes: createWhatsappWebQrRoutes({ plugins: deps.plugins, state }),
    service,
    dispatcher,
    bridge,
    sweeper,
    repository,
    process,
    queue,
    async ensureIndexes() {
      await models.messages.createIndexes();
      await models.notices.createIndexes();
    },
    start() {
      bridge.start();
      sweeper.start();
    },
    async stop() {
      await Promise.all([bridge.stop(), sweeper.stop()]);
      await queue.idle();
    },
    idle: () => queue.idle(),
  };
}
