/**
 * `GET /api/v1/chat/whatsapp-web/:installationId/qr`: what the console shows an admin linking
 * WhatsApp Web — the session state and, while waiting for a scan, the QR code as SVG. It reads
 * the plugin state the channel-whatsapp-web plugin writes (`status`, `qr`; sealed at rest, read
 * through the plugin state repository); the installation is looked up in the caller's tenant
 * only, so another tenant's installation id is a 404 like an unknown one.
 */
import { z } from 'zod';
import { requirePrincipal } from '../../../core/auth/principal.js';
import { NotFoundError } from '../../../core/errors/errors.js';
import { defineRoute } from '../../../core/http/define-route.js';
import type { RouteDefinition } from '../../../core/http/define-route.js';
import type { JsonValue } from '../../../core/plugin-api/index.js';
import type { PluginService } from '../../../core/plugins/plugin.service.js';
import { WHATSAPP_PLUGIN_IDS } from './inbound-dispatch.js';

const PLUGIN_ID = WHATSAPP_PLUGIN_IDS['whatsapp-web'];

const paramsSchema = z.strictObject({ installationId: z.string().min(1).max(64) });

export const whatsappWebQrResponseSchema = z.object({
  /** `idle` until the session first reports: `starting`, `qr`, `ready`, `auth_failure`, `disconnected`. */
  status: z.string(),
  /** Present while a QR code waits to be scanned. */
  qrSvg: z.string().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});

// What the plugin writes (plugins/channel-whatsapp-web/session.ts); anything else reads as absent.
const storedStatusSchema = z.looseObject({ state: z.string().min(1).max(40), at: z.iso.datetime() });
const storedQrSchema = z.looseObject({ svg: z.string().startsWith('<svg'), at: z.iso.datetime() });

export interface WhatsappWebQrRouteDeps {
  readonly plugins: Pick<PluginService, 'get'>;
  readonly state: {
    get(tenantId: string, pluginId: string, key: string): Promise<JsonValue | undefined>;
  };
}

export function createWhatsappWebQrRoutes(deps: WhatsappWebQrRouteDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/chat/whatsapp-web/:installationId/qr',
      summary: 'The WhatsApp Web session state and the QR code to scan (SVG) while linking',
      tags: ['chat'],
      auth: 'required',
      permission: 'plugins:manage',
      request: { params: paramsSchema },
      responses: { 200: whatsappWebQrResponseSchema },
      handler: async ({ params, res }) => {
        const tenantId = requirePrincipal(res).tenantId;
        const installation = (await deps.plugins.get(tenantId, PLUGIN_ID)).installation;
        if (installation?.id !== params.installationId)
          throw new NotFoundError('No WhatsApp Web installation with this id', {
            code: 'CHAT_WHATSAPP_WEB_INSTALLATION_NOT_FOUND',
          });
        const [status, qr] = await Promise.all([
          deps.state.get(tenantId, PLUGIN_ID, 'status'),
          deps.state.get(tenantId, PLUGIN_ID, 'qr'),
        ]);
        const storedStatus = storedStatusSchema.safeParse(status);
        const storedQr = storedQrSchema.safeParse(qr);
        const state = storedStatus.success ? storedStatus.data.state : 'idle';
        // The plugin deletes the QR code once linked; a stale one is never shown beside `ready`.
        const svg = storedQr.success && state === 'qr' ? storedQr.data.svg : null;
        return {
          status: 200,
          body: {
            status: state,
            qrSvg: svg,
            updatedAt: storedStatus.success ? storedStatus.data.at : null,
          },
        };
      },
    }),
  ];
}
