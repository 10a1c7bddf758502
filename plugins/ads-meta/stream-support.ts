import type { z } from 'zod';
import type { Mapped } from '../../connectors/meta/index.js';
import { PluginError } from '../../core/plugin-api/index.js';
import type { JsonObject } from '../../core/plugin-api/index.js';
import type { MetaRuntime } from './meta-runtime.js';

/** A stored checkpoint the plugin cannot read is a bug or a version skew: start the stream over. */
export function parseState<TState>(
  schema: z.ZodType<TState>,
  state: JsonObject | undefined,
): TState | undefined {
  if (state === undefined) return undefined;
  const parsed = schema.safeParse(state);
  if (!parsed.success)
    throw new PluginError('system', 'Unreadable ads-meta sync state', { code: 'META_STATE_INVALID' });
  return parsed.data;
}

/**
 * Rows with problems are still yielded: the host validates every row with the record schemas and
 * rejects and reports exactly these (the mapping left a field no schema accepts), so a bad row
 * is counted in the run instead of vanishing. The reason is logged here, ids only.
 */
export function reportProblems<TRecord>(
  runtime: MetaRuntime,
  what: string,
  mapped: readonly Mapped<TRecord>[],
  idOf: (record: TRecord) => unknown,
): void {
  const bad = mapped.filter((row) => row.problems.length > 0);
  for (const row of bad.slice(0, 5))
    runtime.ctx.logger.warn(`malformed ${what} from Meta`, { id: idOf(row.record), problems: row.problems });
  if (bad.length > 5) runtime.ctx.logger.warn(`more malformed ${what} from Meta`, { count: bad.length - 5 });
}

/** The records as the SDK types them; rows with problems are knowingly invalid (see reportProblems). */
export const asRecords = <TRecord>(mapped: readonly Mapped<unknown>[]) =>
  mapped.map((row) => row.record as TRecord);
