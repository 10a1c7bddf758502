/**
 * The WhatsApp Cloud webhook, HTTP-free. A delivery is routed by the phone number ids it names
 * to the installations configured with them, and authenticated with THAT installation's app
 * secret; nothing is read into the database or queued before a signature matched. Then each
 * message id is claimed (unique index: replays and other API nodes are turned away), statuses
 * of our messages are applied, and the answers are produced after the 200, in process.
 */
import type { Logger } from 'pino';
import {
  parseWhatsappWebhook,
  verifyWhatsappSignature,
  verifyWhatsappSubscription,
  waIdToE164,
} from '../../../connectors/whatsapp-cloud/index.js';
import type { ParsedWhatsappWebhook } from '../../../connectors/whatsapp-cloud/index.js';
import type { InboundDispatcher } from './inbound-dispatch.js';
import type { WhatsappInstallation, WhatsappInstallationDirectory } from './installation-directory.js';
import type { WhatsappMessageRepository } from './whatsapp-message.repository.js';

export type DeliveryOutcome =
  | {
      readonly accepted: true;
      readonly messages: number;
      readonly duplicates: number;
      readonly statuses: number;
    }
  | {
      readonly accepted: false;
      readonly reason: 'unsigned' | 'unparseable' | 'unknown_number' | 'bad_signature';
    };

export interface WhatsappWebhookService {
  /** The challenge to echo, or `undefined` (→ 403) when no installation's verify token matches. */
  verifySubscription(query: Readonly<Record<string, string | undefined>>): Promise<string | undefined>;
  receiveDelivery(rawBody: Buffer | undefined, signature: string | undefined): Promise<DeliveryOutcome>;
}

export interface WhatsappWebhookServiceDeps {
  readonly directory: WhatsappInstallationDirectory;
  readonly repository: WhatsappMessageRepository;
  readonly dispatcher: InboundDispatcher;
  readonly logger: Logger;
}

/** The installation of each phone number id whose app secret signed the body. */
async function authenticate(
  deps: WhatsappWebhookServiceDeps,
  parsed: ParsedWhatsappWebhook,
  rawBody: Buffer,
  signature: string,
): Promise<{ verified: Map<string, WhatsappInstallation>; known: boolean }> {
  const verified = new Map<string, WhatsappInstallation>();
  let known = false;
  for (const phoneNumberId of parsed.phoneNumberIds) {
    const candidates = await deps.directory.byPhoneNumberId(phoneNumberId);
    known ||= candidates.length > 0;
    const matching = candidates.filter((candidate) =>
      verifyWhatsappSignature(rawBody, signature, candidate.appSecret),
    );
    // Two tenants configured with one number and one app secret: neither may read the other's messages.
    if (matching.length > 1)
      deps.logger.error(
        { phoneNumberId, tenants: matching.map((match) => match.tenantId) },
        'whatsapp phone number id configured in several tenants; delivery ignored',
      );
    const [only] = matching;
    if (matching.length === 1 && only !== undefined) verified.set(phoneNumberId, only);
  }
  return { verified, known };
}

export function createWhatsappWebhookService(deps: WhatsappWebhookServiceDeps): WhatsappWebhookService {
  const claimAndQueue = async (installation: WhatsappInstallation, parsed: ParsedWhatsappWebhook) => {
    let messages = 0;
    let duplicates = 0;
    for (const message of parsed.messages) {
      if (message.phoneNumberId !== installation.phoneNumberId) continue;
      const accepted = await deps.dispatcher.accept({
        tenantId: installation.tenantId,
        channel: 'whatsapp',
        messageId: message.messageId,
        from: waIdToE164(message.from),
        text: message.text,
      });
      if (accepted) messages += 1;
      else duplicates += 1;
    }
    return { messages, duplicates };
  };

  const applyStatuses = async (installation: WhatsappInstallation, parsed: ParsedWhatsappWebhook) => {
    let applied = 0;
    for (const status of parsed.statuses) {
      if (status.phoneNumberId !== installation.phoneNumberId) continue;
      const errorCode = status.errorCodes.length === 0 ? null : status.errorCodes.join(',');
      if (
        await deps.repository.applyStatus(
          installation.tenantId,
          status.messageId,
          status.status,
          new Date(status.at),
          errorCode,
        )
      )
        applied += 1;
    }
    return applied;
  };

  return {
    async verifySubscription(query) {
      for (const installation of await deps.directory.configured()) {
        const challenge = verifyWhatsappSubscription(query, installation.verifyToken);
        if (challenge !== undefined) return challenge;
      }
      return undefined;
    },
    async receiveDelivery(rawBody, signature) {
      if (rawBody === undefined || signature === undefined) return { accepted: false, reason: 'unsigned' };
      const parsed = parseWhatsappWebhook(rawBody.toString('utf8'));
      if (parsed === undefined) return { accepted: false, reason: 'unparseable' };
      const { verified, known } = await authenticate(deps, parsed, rawBody, signature);
      if (verified.size === 0) return { accepted: false, reason: known ? 'bad_signature' : 'unknown_number' };
      let messages = 0;
      let duplicates = 0;
      let statuses = 0;
      for (const installation of verified.values()) {
        const claimed = await claimAndQueue(installation, parsed);
        messages += claimed.messages;
        duplicates += claimed.duplicates;
        statuses += await applyStatuses(installation, parsed);
      }
      return { accepted: true, messages, duplicates, statuses };
    },
  };
}
