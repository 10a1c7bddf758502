/**
 * `npm run bench -- http [--connections 32] [--duration 10] [--log-level warn]`: requests per
 * second and p99 latency of a bare Express route and of authenticated `GET /api/v1/me` on the
 * real host (`stratum start`, embedded database as its child), and their ratio (target ≥ 50%).
 * Each server and the load generator run in their own process, so none shares an event loop;
 * the two targets are measured one after the other, so they do not share the CPU either.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import express from 'express';
import { z } from 'zod';

const Flags = z.object({
  role: z.enum(['orchestrate', 'bare-server', 'stratum-server', 'load']).default('orchestrate'),
  connections: z.coerce.number().int().min(1).max(1024).default(32),
  duration: z.coerce.number().min(1).max(600).default(10),
  warmup: z.coerce.number().min(0).max(60).default(2),
  'log-level': z.enum(['fatal', 'error', 'warn', 'info', 'silent']).default('warn'),
  url: z.string().optional(),
  token: z.string().optional(),
});
type Flags = z.infer<typeof Flags>;

const LoadResult = z.object({
  requests: z.number(),
  non2xx: z.number(),
  errors: z.number(),
  seconds: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
});
type LoadResult = z.infer<typeof LoadResult>;

const DEMO_PASSWORD = 'bench-demo-password-1';
const TARGET_RATIO = 0.5;

function parseFlags(argv: readonly string[]): Flags {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      ['role', 'connections', 'duration', 'warmup', 'log-level', 'url', 'token'].map((name) => [
        name,
        { type: 'string' },
      ]),
    ),
    strict: true,
  });
  return Flags.parse(values);
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);
}

/** Keep-alive connections, each sending its next request as soon as the last answer ended. */
async function generateLoad(
  url: string,
  token: string | undefined,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const req = request(url, { agent, headers }, (res) => {
        res.resume();
        res.once('end', () => {
          latencies.push(performance.now() - sent);
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx += 1;
          resolve();
        });
      });
      req.once('error', () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  const loop = async () => {
    while (performance.now() < deadline) await once();
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    non2xx,
    errors,
    seconds: elapsed,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    if (child.stdout === null) throw new Error(`${what}: no stdout`);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match !== null) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${String(code)}) before it was ready`)));
  });
}

function spawnBench(args: readonly string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'http', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere.
 * On a shared machine req/s swings with the neighbours' load, CPU per request much less.
 */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5) (utime, stime), counted after the ") " that ends comm.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

interface Measured extends LoadResult {
  /** Server CPU per served request, in microseconds (undefined where /proc is missing). */
  readonly cpuUsPerRequest: number | undefined;
}

async function measure(
  url: string,
  token: string | undefined,
  flags: Flags,
  server: ChildProcess,
): Promise<Measured> {
  const run = async (seconds: number) => {
    const child = spawnBench([
      '--role',
      'load',
      '--url',
      url,
      '--connections',
      String(flags.connections),
      '--duration',
      String(seconds),
      ...(token === undefined ? [] : ['--token', token]),
    ]);
    const match = await waitForLine(child, /^RESULT (.*)$/, 'load generator');
    return LoadResult.parse(JSON.parse(match[1] ?? '{}'));
  };
  if (flags.warmup > 0) await run(flags.warmup);
  const cpuBefore = cpuSecondsOf(server.pid);
  const result = await run(flags.duration);
  const cpuAfter = cpuSecondsOf(server.pid);
  const cpuUsPerRequest =
    cpuBefore === undefined || cpuAfter === undefined || result.requests === 0
      ? undefined
      : ((cpuAfter - cpuBefore) * 1e6) / result.requests;
  return { ...result, cpuUsPerRequest };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.stratum.dev', password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login failed with ${response.status}: ${await response.text()}`);
  return z.object({ accessToken: z.string() }).parse(await response.json()).accessToken;
}

/**
 * The first start installs the demo ad data and syncs it in the background; measuring while that
 * sync runs would time the sync, not the API. Waits until no run is queued or running (≤ 2 min).
 */
async function waitForFirstSyncs(baseUrl: string, token: string): Promise<number> {
  const started = performance.now();
  const page = z.object({ data: z.array(z.object({ status: z.string() })) });
  for (;;) {
    const response = await fetch(`${baseUrl}/api/v1/sync-runs?limit=50`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const runs = page.parse(await response.json()).data;
    if (runs.length > 0 && runs.every((run) => run.status !== 'queued' && run.status !== 'running'))
      return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error('the first-start syncs did not finish in 2 min');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function report(label: string, result: Measured): { rps: number; cpuUs: number | undefined } {
  const rps = result.requests / result.seconds;
  const cpu =
    result.cpuUsPerRequest === undefined
      ? ''
      : `   cpu ${result.cpuUsPerRequest.toFixed(0).padStart(5)} µs/req`;
  const problems =
    result.non2xx + result.errors > 0 ? `   (${result.non2xx} non-2xx, ${result.errors} errors)` : '';
  process.stdout.write(
    `${label.padEnd(34)} ${rps.toFixed(0).padStart(8)} req/s   p50 ${result.p50Ms.toFixed(2).padStart(7)} ms   p99 ${result.p99Ms.toFixed(2).padStart(7)} ms${cpu}${problems}\n`,
  );
  return { rps, cpuUs: result.cpuUsPerRequest };
}

async function orchestrate(flags: Flags): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratum-bench-http-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    STRATUM_DATA_DIR: dataDir,
    DEMO_PASSWORD,
    LOG_LEVEL: flags['log-level'],
    NODE_ENV: 'development',
  };
  delete env.MONGODB_URI;
  delete env.REDIS_URL;
  const host = spawnBench(['--role', 'stratum-server'], env);
  const bare = spawnBench(['--role', 'bare-server']);
  try {
    const [hostMatch, bareMatch] = await Promise.all([
      waitForLine(host, /listening on (http:\/\/\S+)/, 'stratum start'),
      waitForLine(bare, /listening on (http:\/\/\S+)/, 'bare server'),
    ]);
    const hostUrl = hostMatch[1] ?? '';
    const token = await login(hostUrl);
    const syncMs = await waitForFirstSyncs(hostUrl, token);
    process.stdout.write(`(waited ${(syncMs / 1000).toFixed(1)} s for the first-start demo sync to finish)\n`);
    process.stdout.write(
      `http benchmark: ${flags.connections} keep-alive connections, ${flags.duration} s each (after ${flags.warmup} s warm-up), host LOG_LEVEL=${flags['log-level']}, ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(2)}\n`,
    );
    const bareResult = report(
      'bare Express GET /bare',
      await measure(`${bareMatch[1] ?? ''}/bare`, undefined, flags, bare),
    );
    const meResult = report(
      'authenticated GET /api/v1/me',
      await measure(`${hostUrl}/api/v1/me`, token, flags, host),
    );
    const ratio = meResult.rps / bareResult.rps;
    process.stdout.write(
      `ratio /me ÷ bare: ${(ratio * 100).toFixed(1)}%   target ≥ ${TARGET_RATIO * 100}%  ${ratio >= TARGET_RATIO ? 'ok' : 'MISSED'}\n`,
    );
    if (bareResult.cpuUs !== undefined && meResult.cpuUs !== undefined) {
      const cpuRatio = bareResult.cpuUs / meResult.cpuUs;
      process.stdout.write(
        `ratio by server CPU per request (bare ÷ /me, steadier on a shared machine): ${(cpuRatio * 100).toFixed(1)}%\n`,
      );
    }
  } finally {
    await Promise.all([stop(host), stop(bare)]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function serveBare(): Promise<void> {
  const app = express();
  app.get('/bare', (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    process.stdout.write(`bare server listening on http://127.0.0.1:${port}\n`);
  });
  await new Promise<void>((resolve) =>
    process.once('SIGTERM', () => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  );
}

/**
 * The real host as `stratum start` builds it (embedded database child, every middleware, the
 * rate limiter consulted on each request), with limits raised so that the benchmark measures
 * served requests rather than 429s.
 */
async function serveStratum(): Promise<void> {
  const { startStratum } = await import('../core/main.js');
  const unlimited = { points: 1_000_000_000, durationSec: 1 };
  const running = await startStratum({
    announce: (line) => process.stdout.write(`${line}\n`),
    coreModuleOptions: { rateLimits: { ip: unlimited, principal: unlimited, tenant: unlimited } },
  });
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await running.lifecycle.shutdown('SIGTERM');
}

export async function runHttpBenchmark(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv);
  switch (flags.role) {
    case 'orchestrate':
      return orchestrate(flags);
    case 'bare-server':
      return serveBare();
    case 'stratum-server':
      return serveStratum();
    case 'load': {
      const result = await generateLoad(flags.url ?? '', flags.token, flags.connections, flags.duration);
      process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
      return;
    }
  }
}
