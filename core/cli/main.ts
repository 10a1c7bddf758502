/** Entry point of the `stratum` command: dispatches to one sub-command. */
import { runDbCommand } from './db-command.js';

const USAGE = `Usage: stratum <command> [options]

Commands:
  db      run the embedded MongoDB-compatible database server in the foreground
          [--port 27017] [--host 127.0.0.1] [--data-dir DIR]
`;

/** Runs the command line; resolves to the process exit code (long-running commands resolve at exit). */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'db':
      return runDbCommand(rest);
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
