/** Flag parsing shared by the sub-commands: `node:util` parseArgs for syntax, zod for meaning. */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { ConfigError } from '../config/config-error.js';

/** Exit codes of every `stratum` command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A malformed command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const flag = issue.path.length > 0 ? `--${issue.path.map(String).join('.')}` : 'flags';
      return `${flag}: ${issue.message}`;
    })
    .join('; ');
}

/** Parses `argv` strictly (unknown flags and stray arguments are errors) and validates with `schema`. */
export function parseFlags<S extends z.ZodType>(
  argv: readonly string[],
  options: OptionsConfig,
  schema: S,
): z.output<S> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const result = schema.safeParse(values);
  if (!result.success) throw new UsageError(describeZodIssues(result.error));
  return result.data;
}

/** As {@link parseFlags}, also returning the positional arguments (`stratum plugins install ID`). */
export function parseFlagsAndPositionals<S extends z.ZodType>(
  argv: readonly string[],
  options: OptionsConfig,
  schema: S,
): { readonly flags: z.output<S>; readonly positionals: readonly string[] } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) throw new UsageError(describeZodIssues(result.error));
  return { flags: result.data, positionals: parsed.positionals };
}

/** Maps what a command threw to one line on stderr and an exit code. */
export function reportCommandError(
  command: string,
  usage: string,
  error: unknown,
  stderr: (text: string) => void,
): number {
  if (error instanceof UsageError) {
    stderr(`stratum ${command}: ${error.message}\n\n${usage}`);
    return EXIT.usage;
  }
  if (error instanceof ConfigError) {
    stderr(`${error.message}\n`);
    return EXIT.failure;
  }
  if (error instanceof AppError) {
    const details = Array.isArray(error.details)
      ? ` (${(error.details as { path?: unknown; message?: unknown }[])
          .map((detail) => `${String(detail.path ?? '')}: ${String(detail.message ?? '')}`)
          .join('; ')})`
      : '';
    stderr(`stratum ${command}: ${error.message}${details}\n`);
    return EXIT.failure;
  }
  stderr(`stratum ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failure;
}
