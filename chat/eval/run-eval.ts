/**
 * `npm run eval:chat [-- --file F] [--campaigns FILE] [--misses]`: understands every message of a
 * labelled JSONL file (default test/chat/test-set.jsonl) and prints the scores.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { toParseLine } from '../nlu/parse-output.js';
import { createUnderstander } from '../nlu/understander.js';
import { formatReport } from './format-report.js';
import { labelledMessageSchema, scoreFrames } from './score.js';
import type { EvalReport, LabelledMessage } from './score.js';

const DEFAULT_FILE = fileURLToPath(new URL('../../test/chat/test-set.jsonl', import.meta.url));
const DEFAULT_CAMPAIGNS = fileURLToPath(new URL('../../test/chat/campaigns.txt', import.meta.url));

const EvalFlags = z.strictObject({
  file: z.string().min(1).default(DEFAULT_FILE),
  campaigns: z.string().min(1).default(DEFAULT_CAMPAIGNS),
  misses: z.boolean().default(false),
});

export async function readLabelledMessages(file: string): Promise<LabelledMessage[]> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
  return lines.flatMap((line, index) => {
    if (line.trim().length === 0) return [];
    const parsed = labelledMessageSchema.safeParse(JSON.parse(line));
    if (!parsed.success)
      throw new Error(
        `${file}:${index + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    return [parsed.data];
  });
}

export async function readCampaignNames(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8'))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Understands and scores a labelled set. */
export async function evaluateFile(file: string, campaignsFile: string): Promise<EvalReport> {
  const [messages, campaigns] = await Promise.all([
    readLabelledMessages(file),
    readCampaignNames(campaignsFile),
  ]);
  const understander = createUnderstander();
  return scoreFrames(
    messages.map((expected) => ({
      expected,
      actual: toParseLine(
        understander.understand(expected.text, {
          today: expected.ref,
          timezone: expected.tz ?? 'UTC',
          campaigns,
        }),
      ),
    })),
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { file: { type: 'string' }, campaigns: { type: 'string' }, misses: { type: 'boolean' } },
    strict: true,
  });
  const flags = EvalFlags.parse(values);
  const report = await evaluateFile(flags.file, flags.campaigns);
  process.stdout.write(formatReport(report, flags.misses));
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`eval:chat: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
