import { z } from 'zod';
import { calendarDaySchema } from '../../core/plugin-api/index.js';

/** Configuration of an ads-demo installation. `apiKey` is the secret (write-only in the API). */
export const adsDemoConfigSchema = z
  .object({
    /** Same seed, same simulated history. */
    seed: z.number().int().min(0).max(4_294_967_295).default(20_261_124),
    /** `standard` (~40 campaigns, demo tenant), `small` (12, acme) or a benchmark size. */
    size: z
      .union([
        z.enum(['standard', 'small']),
        z
          .object({ campaigns: z.number().int().min(1).max(5_000), days: z.number().int().min(1).max(1_500) })
          .strict(),
      ])
      .default('standard'),
    /** Fixes the scenario's anchor day; by default the first sync's "today" is stored and kept. */
    anchorDate: calendarDaySchema.optional(),
    /** Freezes "today" (tests, benchmarks); by default it is the clock's day in the tenant's time zone. */
    today: calendarDaySchema.optional(),
    /** Simulated credential; a key starting with `revoked` makes the check report `auth_error`. */
    apiKey: z.string().min(8).max(200),
  })
  .strict();

/** Parsed ads-demo configuration. */
export type AdsDemoConfig = z.output<typeof adsDemoConfigSchema>;
