import { z } from 'zod';

/** Configuration of an ml-roas installation; every field has a default, so `{}` is valid. */
export const mlRoasConfigSchema = z
  .object({
    /** Days of history the nightly training fits on. */
    trainingDays: z.number().int().min(56).max(730).default(180),
    /** A sync that upserted at least this many rows triggers a retraining. */
    retrainAfterRows: z.number().int().min(1).max(10_000_000).default(5_000),
  })
  .strict();

export type MlRoasConfig = z.output<typeof mlRoasConfigSchema>;
