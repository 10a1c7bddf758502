/**
 * `stratum chat parse`: the understanding step on the command line. One message a line on stdin,
 * one JSON line per message on stdout, exactly the fields `npm run eval:chat` scores.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { dayInTimeZone } from '../analytics/calendar-days.js';
import { DEMO_TENANTS } from '../seed/demo-seed.js';
import { buildScenario } from '../../plugins/ads-demo/simulator/scenario.js';
import { toParseLine } from '../../chat/nlu/parse-output.js';
import { createUnderstander } from '../../chat/nlu/understander.js';
import { EXIT, UsageError, parseFlagsAndPositionals, reportCommandError } from './cli-flags.js';

export const CHAT_USAGE = `Usage: stratum chat parse [--ref YYYY-MM-DD] [--tz ZONE] [--campaigns FILE]

  Reads one chat message a line on stdin and prints one JSON line per message:
  {"text","intent","metric","platform","range","campaign","compare"}.

  --ref        today's date (default: now in --tz)
  --tz         the tenant's IANA time zone (default: tenant demo's, America/New_York)
  --campaigns  the tenant's campaign names, one a line (default: tenant demo's)
`;

const ChatFlags = z.strictObject({
  ref: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .refine((day) => {
      const parsed = new Date(`${day}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
    }, 'is not a calendar day')
    .optional(),
  tz: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'is not an IANA time zone')
    .optional(),
  campaigns: z.string().min(1).optional(),
});

const OPTIONS = {
  ref: { type: 'string' },
  tz: { type: 'string' },
  campaigns: { type: 'string' },
} as const;

const DEMO_SLUG = 'demo';

/**
 * Tenant demo's campaign names without a database: the simulator names campaigns from its
 * templates and the scenario size alone (not from the seed or the day), so building the standard
 * scenario gives the same names the demo's sync stores.
 */
export function demoCampaignNames(): string[] {
  const scenario = buildScenario({ seed: 1, size: 'standard', anchorDate: '2026-01-01' });
  return [...new Set(scenario.campaigns.map((campaign) => campaign.name))];
}

export interface ChatCommandIo {
  readonly stdin?: Readable;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly now?: () => Date;
}

async function campaignNames(file: string | undefined): Promise<string[]> {
  if (file === undefined) return demoCampaignNames();
  const text = await readFile(file, 'utf8');
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export async function runChatCommand(argv: readonly string[], io: ChatCommandIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  try {
    const [sub, ...rest] = argv;
    if (sub !== 'parse')
      throw new UsageError(sub === undefined ? 'missing sub-command' : `unknown sub-command '${sub}'`);
    const { flags, positionals } = parseFlagsAndPositionals(rest, OPTIONS, ChatFlags);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
    const timezone = flags.tz ?? DEMO_TENANTS.find((tenant) => tenant.slug === DEMO_SLUG)?.timezone ?? 'UTC';
    const today = flags.ref ?? dayInTimeZone((io.now ?? (() => new Date()))(), timezone);
    const campaigns = await campaignNames(flags.campaigns);
    const understander = createUnderstander();
    const lines = createInterface({ input: io.stdin ?? process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim().length === 0) continue;
      const frame = understander.understand(line, { today, timezone, campaigns });
      stdout(`${JSON.stringify(toParseLine(frame))}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportCommandError('chat', CHAT_USAGE, error, stderr);
  }
}
