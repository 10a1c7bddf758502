import type { z } from 'zod';
import { InputError } from '../errors/errors.js';
import type { FieldIssue } from '../errors/errors.js';

/** Services validate their input too: the CLI and the seed call them without HTTP in between. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details: FieldIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new InputError('Invalid input', { code: 'INPUT_VALIDATION_FAILED', details });
}
