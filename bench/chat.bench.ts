/**
 * `npm run bench -- chat [--rounds 3] [--answers 200]`: understanding p50/p99 per message over the
 * NLU test set (test/chat/test-set.jsonl; target p99 ≤ 20 ms), then end-to-end answer p50/p99 over
 * socket.io `/chat` on the real host with warm caches (target p99 ≤ 100 ms), beside a baseline
 * measured in the same run: the round trip of a message the server refuses before the engine
 * (socket.io + validation + ack, no answer). The database runs in its own process, as `npm start`
 * runs it; host and clients share this process's event loop (the figures include the client).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Writable } from 'node:stream';
import { io as connectSocket } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import { createUnderstander } from '../chat/nlu/understander.js';
import { startStratum } from '../core/main.js';
import type { RunningStratum } from '../core/main.js';
import { startDatabaseServer, stopDatabaseServer } from './support/db-server.js';

const Flags = z.object({
  rounds: z.coerce.number().int().min(1).max(20).default(3),
  answers: z.coerce.number().int().min(20).max(5_000).default(200),
});

const lineSchema = z.object({ text: z.string(), ref: z.string() }).loose();
const DEMO_PASSWORD = 'bench-chat-demo-password';
/** Below the socket's rate-limit bucket (10): each socket sends at most this many messages. */
const MESSAGES_PER_SOCKET = 8;
const QUESTIONS = [
  'roas yesterday',
  'fb spend last week',
  'and on tiktok?',
  'what about last month?',
  'top 5 campaigns by revenue last week',
  'google vs tiktok spend last week',
  'cpa trend last 30 days',
  'كم صرفنا على فيسبوك امس',
];
const TARGETS = { understandP99Ms: 20, answerP99Ms: 100 };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(samples: readonly number[]): { p50: number; p99: number; n: number } {
  const sorted = [...samples].sort((left, right) => left - right);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

function benchUnderstanding(rounds: number): { p50: number; p99: number; n: number } {
  const lines = readFileSync('test/chat/test-set.jsonl', 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => lineSchema.parse(JSON.parse(line)));
  const campaigns = readFileSync('test/chat/campaigns.txt', 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const understander = createUnderstander();
  const run = () =>
    lines.map((line) => {
      const started = performance.now();
      understander.understand(line.text, { today: line.ref, timezone: 'UTC', campaigns });
      return performance.now() - started;
    });
  run(); // warm-up: JIT and lazily built tables
  return summary(Array.from({ length: rounds }, run).flat());
}

async function connect(url: string, token: string): Promise<Socket> {
  const socket = connectSocket(`${url}/chat`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Sends `count` messages one after another, a fresh socket every few (the rate limit), timing each ack. */
async function timeRoundTrips(
  url: string,
  token: string,
  count: number,
  message: (index: number) => unknown,
): Promise<number[]> {
  const samples: number[] = [];
  let socket: Socket | undefined;
  for (let index = 0; index < count; index += 1) {
    if (index % MESSAGES_PER_SOCKET === 0) {
      socket?.disconnect();
      socket = await connect(url, token);
    }
    const started = performance.now();
    const ack = (await socket?.timeout(10_000).emitWithAck('chat:message', message(index))) as {
      ok: boolean;
    };
    samples.push(performance.now() - started);
    if (ack === undefined) throw new Error('no ack');
  }
  socket?.disconnect();
  return samples;
}

async function startHost(uri: string, dataDir: string): Promise<RunningStratum> {
  const running = await startStratum({
    env: {
      PORT: '0',
      STRATUM_DATA_DIR: dataDir,
      MONGODB_URI: `${uri}bench_chat`,
      DEMO_PASSWORD,
      LOG_LEVEL: 'silent',
    },
    logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    platformOptions: { processEveryMs: 100 },
  });
  const deadline = Date.now() + 180_000;
  const models = running.context.platform.ingest.syncRuns;
  for (const [slug, runId] of Object.entries(running.demoPlugins?.syncRuns ?? {})) {
    const tenantId = (await running.context.modules.services.tenants.findBySlug(slug))?.id ?? '';
    for (;;) {
      const run = await models.get(tenantId, runId);
      if (run?.status === 'succeeded') break;
      if (run?.status === 'failed' || Date.now() > deadline)
        throw new Error(`demo sync ${slug}: ${run?.status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return running;
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'manager@demo.stratum.dev', password: DEMO_PASSWORD }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

export async function runChatBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { rounds: { type: 'string' }, answers: { type: 'string' } },
    strict: true,
  });
  const flags = Flags.parse(values);
  const understanding = benchUnderstanding(flags.rounds);
  process.stdout.write(
    `understanding: ${understanding.n} messages, p50 ${ms(understanding.p50)}, p99 ${ms(understanding.p99)} ` +
      `(target p99 ≤ ${TARGETS.understandP99Ms} ms) ${understanding.p99 <= TARGETS.understandP99Ms ? 'OK' : 'MISSED'}\n`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'stratum-bench-chat-'));
  const database = await startDatabaseServer(join(dataDir, 'db'));
  let running: RunningStratum | undefined;
  try {
    running = await startHost(database.uri, dataDir);
    const token = await login(running.url);
    const question = (index: number) => ({ text: QUESTIONS[index % QUESTIONS.length] ?? 'roas yesterday' });
    // Warm caches: every question once (KPI answers, campaigns, tenant settings, conversations).
    await timeRoundTrips(running.url, token, QUESTIONS.length * 2, question);
    const baseline = summary(await timeRoundTrips(running.url, token, flags.answers, () => ({ text: '' })));
    const answers = summary(await timeRoundTrips(running.url, token, flags.answers, question));
    process.stdout.write(
      `baseline (refused message round trip over socket.io): p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}\n` +
        `answers (warm caches, ${answers.n} messages over socket.io): p50 ${ms(answers.p50)}, p99 ${ms(answers.p99)} ` +
        `(target p99 ≤ ${TARGETS.answerP99Ms} ms) ${answers.p99 <= TARGETS.answerP99Ms ? 'OK' : 'MISSED'}\n`,
    );
  } finally {
    await running?.lifecycle.shutdown('bench');
    await stopDatabaseServer(database.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
