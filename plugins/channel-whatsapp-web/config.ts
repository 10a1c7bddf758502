import { isAbsolute } from 'node:path';
import { z } from 'zod';

/**
 * Configuration of a channel-whatsapp-web installation. Paths come from here only (the plugin
 * reads no environment): `sessionDir` is where LocalAuth keeps the logged-in session, normally
 * `<STRATUM_DATA_DIR>/whatsapp-web`, so a restart does not ask for the QR code again.
 */
export const channelWhatsappWebConfigSchema = z
  .object({
    sessionDir: z
      .string()
      .min(1)
      .max(1_000)
      .refine(isAbsolute, 'Expected an absolute path under the data directory'),
    /** Separates sessions of several installations in one directory (letters, digits, `-`, `_`). */
    clientId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .default('stratum'),
    /** The system Chromium (Puppeteer's own browser download is skipped at install). */
    chromiumPath: z.string().min(1).max(1_000).default('/usr/bin/chromium'),
  })
  .strict();

export type ChannelWhatsappWebConfig = z.output<typeof channelWhatsappWebConfigSchema>;
