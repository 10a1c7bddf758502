/**
 * Health of an installation: the token can read the configured phone number (`GET
 * /{phone-number-id}`). `auth_error` when Meta refuses the token, `error` when the number is
 * unknown or unreachable, `degraded` when Meta rates the number's quality RED. Never throws.
 */
import type { WhatsappCloudClient } from '../../connectors/whatsapp-cloud/index.js';
import type { HealthCheck } from '../../core/plugin-api/index.js';
import { toPluginError } from './plugin-errors.js';

export function createWhatsappCloudHealthCheck(client: WhatsappCloudClient): HealthCheck {
  return {
    async check(ctx) {
      try {
        const number = await client.phoneNumber(ctx.signal);
        const details = {
          displayPhoneNumber: number.displayPhoneNumber ?? null,
          verifiedName: number.verifiedName ?? null,
          qualityRating: number.qualityRating ?? null,
        };
        if (number.qualityRating === 'RED')
          return {
            status: 'degraded',
            message: `The number ${number.displayPhoneNumber ?? number.id} has a RED quality rating: Meta may limit its messages`,
            details,
          };
        return {
          status: 'ok',
          message: `Sending as ${number.verifiedName ?? number.displayPhoneNumber ?? number.id}.`,
          details,
        };
      } catch (error) {
        const failure = toPluginError(error, 'the health check');
        return { status: failure.kind === 'auth' ? 'auth_error' : 'error', message: failure.message };
      }
    },
  };
}
