/**
 * `GET /webhooks/whatsapp` (subscription handshake) and `POST /webhooks/whatsapp` (deliveries),
 * outside `/api/v1`: Meta calls them without our credentials, a delivery is authenticated by its
 * `X-Hub-Signature-256` over the raw body, and the handshake answers plain text. That is why
 * they are an Express router rather than `defineRoute` JSON routes (which are also listed in
 * the OpenAPI document of the API); errors still go through the app's error middleware.
 */
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { WHATSAPP_SIGNATURE_HEADER } from '../../../connectors/whatsapp-cloud/index.js';
import { AuthenticationError, ForbiddenError } from '../../../core/errors/errors.js';
import { rawBodyOf } from '../../../core/http/body-parsing.js';
import { requestLoggerOf } from '../../../core/http/request-context.js';
import type { WhatsappWebhookService } from './whatsapp-webhook.service.js';

export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';

const handshakeQuerySchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional());

const firstValues = (query: z.infer<typeof handshakeQuerySchema>): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );

export function createWhatsappWebhookRouter(service: WhatsappWebhookService, logger: Logger): Router {
  const router = Router();
  router.get(WHATSAPP_WEBHOOK_PATH, (req: Request, res: Response, next: NextFunction) => {
    const query = handshakeQuerySchema.safeParse(req.query);
    const run = async () => {
      const challenge = query.success ? await service.verifySubscription(firstValues(query.data)) : undefined;
      if (challenge === undefined)
        throw new ForbiddenError('The verify token does not match', {
          code: 'WHATSAPP_VERIFY_TOKEN_MISMATCH',
        });
      res.status(200).type('text/plain').send(challenge);
    };
    run().catch(next);
  });
  router.post(WHATSAPP_WEBHOOK_PATH, (req: Request, res: Response, next: NextFunction) => {
    const run = async () => {
      const outcome = await service.receiveDelivery(rawBodyOf(req), req.get(WHATSAPP_SIGNATURE_HEADER));
      if (!outcome.accepted) {
        requestLoggerOf(res, logger).warn({ reason: outcome.reason }, 'whatsapp delivery refused');
        throw new AuthenticationError('The delivery is not signed by a configured WhatsApp app', {
          code: 'WHATSAPP_SIGNATURE_INVALID',
        });
      }
      requestLoggerOf(res, logger).info(
        { messages: outcome.messages, duplicates: outcome.duplicates, statuses: outcome.statuses },
        'whatsapp delivery accepted',
      );
      res.status(200).json({ received: true });
    };
    run().catch(next);
  });
  return router;
}
