/** Entry point of the `stratum` command: dispatches to one sub-command. */
import { STOP_ON_STDIN_CLOSE_FLAG } from '../db/embedded-process.js';

const USAGE = `Usage: stratum <command> [options]

Commands:
  start   run the API and job workers (and the embedded database unless MONGODB_URI is set)
          until SIGTERM/SIGINT [--no-worker]
  worker  run job workers only [--queues sync,rules,ml,intel,default]
  db      run the embedded MongoDB-compatible database server in the foreground
          [--port 27017] [--host 127.0.0.1] [--data-dir DIR]
  tenant create --name N --slug S --currency USD --timezone America/New_York [--locale en]
  user create --tenant SLUG --email E --role admin|manager|analyst|viewer [--name N] [--password P]
  seed --demo   create the demo tenants and users (and their demo ad data) where missing
  plugins list [--tenant SLUG] [--json]
  plugins install --tenant SLUG ID --config JSON|@file [--enable]
  sync --tenant SLUG --plugin ID [--from D --to D]   one sync in the foreground, with progress
  kpis --tenant SLUG [--from D --to D | --range PRESET] [--platform P] [--by campaign|platform|day] [--json]
  keys rotate [--tenant SLUG] [--batch 500] [--kek] [--wait-ms MS]   new data keys (or KEK) + re-encryption
  chat parse [--ref YYYY-MM-DD] [--tz ZONE] [--campaigns FILE]   chat messages on stdin → understood frames (JSON lines)

Configuration comes from the environment (PORT, HOST, MONGODB_URI, STRATUM_DATA_DIR…; see README).
Exit codes: 0 success, 1 failure, 2 bad command line.
`;

/**
 * `stratum db` as `stratum start`'s child: flush and exit when stdin closes, i.e. when the parent
 * died without stopping us (kill -9), instead of living on and holding the data directory's lock.
 */
function stopWhenStdinCloses(): void {
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
}

// Sub-commands are imported on demand: `stratum db` (a child of every `npm start`) should not
// load Express, mongoose and the rest of the host it never uses.
async function runDb(argv: readonly string[]): Promise<number> {
  const { runDbCommand } = await import('./db-command.js');
  if (!argv.includes(STOP_ON_STDIN_CLOSE_FLAG)) return runDbCommand(argv);
  stopWhenStdinCloses();
  const code = await runDbCommand(argv.filter((arg) => arg !== STOP_ON_STDIN_CLOSE_FLAG));
  process.stdin.pause();
  process.stdin.destroy();
  return code;
}

/** Runs the command line; resolves to the process exit code (long-running commands resolve at exit). */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return (await import('./start-command.js')).runStartCommand(rest);
    case 'db':
      return runDb(rest);
    case 'tenant':
      return (await import('./tenant-command.js')).runTenantCommand(rest);
    case 'user':
      return (await import('./user-command.js')).runUserCommand(rest);
    case 'seed':
      return (await import('./seed-command.js')).runSeedCommand(rest);
    case 'worker':
      return (await import('./worker-command.js')).runWorkerCommand(rest);
    case 'plugins':
      return (await import('./plugins-command.js')).runPluginsCommand(rest);
    case 'sync':
      return (await import('./sync-command.js')).runSyncCommand(rest);
    case 'kpis':
      return (await import('./kpis-command.js')).runKpisCommand(rest);
    case 'chat':
      return (await import('./chat-command.js')).runChatCommand(rest);
    case 'keys':
      return (await import('./keys-command.js')).runKeysCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`stratum: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
