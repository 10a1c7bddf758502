/** `stratum db`: the embedded database server in the foreground until SIGTERM/SIGINT. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startEmbeddedServer } from '../db/embedded/server.js';

const DbFlags = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(27017),
  host: z.string().min(1).default('127.0.0.1'),
  'data-dir': z.string().min(1).optional(),
  'ttl-interval-ms': z.coerce.number().int().min(10).optional(),
  'sync-interval-ms': z.coerce.number().int().min(1).max(1000).optional(),
  'in-memory': z.boolean().default(false),
});

export type DbFlags = z.infer<typeof DbFlags>;

export function parseDbFlags(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DbFlags {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'ttl-interval-ms': { type: 'string' },
      'sync-interval-ms': { type: 'string' },
      'in-memory': { type: 'boolean' },
    },
    strict: true,
  });
  const flags = DbFlags.parse(values);
  if (!flags['data-dir'] && !flags['in-memory']) {
    flags['data-dir'] = path.join(env['STRATUM_DATA_DIR'] ?? '.stratum', 'db');
  }
  return flags;
}

export async function runDbCommand(argv: readonly string[]): Promise<number> {
  let flags: DbFlags;
  try {
    flags = parseDbFlags(argv);
  } catch (error) {
    const message =
      error instanceof z.ZodError
        ? error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ')
        : (error as Error).message;
    process.stderr.write(`stratum db: ${message}\n`);
    return 2;
  }
  let server;
  try {
    server = await startEmbeddedServer({
      port: flags.port,
      host: flags.host,
      ...(flags['data-dir'] && !flags['in-memory'] ? { dataDir: path.resolve(flags['data-dir']) } : {}),
      storage: {
        ...(flags['ttl-interval-ms'] ? { ttlIntervalMs: flags['ttl-interval-ms'] } : {}),
        ...(flags['sync-interval-ms'] ? { syncIntervalMs: flags['sync-interval-ms'] } : {}),
      },
    });
  } catch (error) {
    process.stderr.write(`stratum db: ${(error as Error).message}\n`);
    return 1;
  }
  const where = flags['data-dir'] && !flags['in-memory'] ? path.resolve(flags['data-dir']) : 'memory only';
  process.stdout.write(`stratum db listening on ${server.uri} (data: ${where})\n`);
  const running = server;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      running.close().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`stratum db: shutdown failed: ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
