/** The embedded database server in its own process, for benchmarks that time the client side against it. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export function startDatabaseServer(dataDir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['bin/stratum.js', 'db', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /mongodb:\/\/\S+/.exec(output);
      if (match) resolve({ child, uri: match[0] });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)} before listening`)));
  });
}

export function stopDatabaseServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
