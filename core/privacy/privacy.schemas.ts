import { z } from 'zod';

/** Who the request is about: at least one identifier. */
export const dataSubjectSchema = z
  .strictObject({
    email: z.email().max(320).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[\d\s().-]{8,24}$/, 'Expected a phone number with its country code')
      .optional(),
    externalId: z.string().trim().min(1).max(200).optional(),
  })
  .refine((subject) => Object.values(subject).some((value) => value !== undefined), {
    message: 'Name at least one of email, phone, externalId',
  });
export type DataSubject = z.output<typeof dataSubjectSchema>;

export const privacyRequestSchema = z.strictObject({ subject: dataSubjectSchema });

export const exportResponseSchema = z.object({
  exportedAt: z.iso.datetime(),
  collections: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

export const eraseResponseSchema = z.object({
  erasureId: z.string(),
  erasedAt: z.iso.datetime(),
  collections: z.record(z.string(), z.object({ deleted: z.number().int(), redacted: z.number().int() })),
});
