import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isProcessAlive } from '../../../core/db/embedded/persistence/lock-file.js';
import { childEnvironment, runStratum, spawnStratum } from './support/stratum-process.js';
import type { StratumProcess } from './support/stratum-process.js';

const DEMO_PASSWORD = 'start-test-demo-password';
const LISTENING = /^Stratum listening on (http:\/\/\S+) — (.*)$/;

async function login(url: string, email: string, password: string): Promise<Response> {
  return fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

async function stopAndExpectClean(running: StratumProcess, embeddedPid: number): Promise<number> {
  const started = Date.now();
  running.child.kill('SIGTERM');
  expect(await running.exited(15_000)).to.equal(0);
  expect(isProcessAlive(embeddedPid)).to.equal(false);
  return Date.now() - started;
}

describe('stratum start (integration)', function () {
  this.timeout(90_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'stratum-start-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const embeddedPid = () =>
    (JSON.parse(readFileSync(join(dataDir, 'db-address.json'), 'utf8')) as { pid: number }).pid;

  it('when started on a fresh data directory, it gets ready, seeds the demo, serves the CLI, and SIGTERM exits 0 with its database child gone', async () => {
    const env = childEnvironment({ PORT: '0', STRATUM_DATA_DIR: dataDir, DEMO_PASSWORD });
    const running = spawnStratum(['start'], env);
    const [, url = '', hint = ''] = await running.line(LISTENING, 60_000);
    expect(hint).to.include('admin@demo.stratum.dev').and.include('DEMO_PASSWORD');
    expect(hint).not.to.include(DEMO_PASSWORD);

    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).to.equal(200);
    const tokens = await login(url, 'admin@demo.stratum.dev', DEMO_PASSWORD);
    expect(tokens.status).to.equal(200);
    const { accessToken } = (await tokens.json()) as { accessToken: string };
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).to.equal(200);
    expect(await me.json()).to.nested.include({
      'user.email': 'admin@demo.stratum.dev',
      'user.role': 'admin',
    });
    expect((await login(url, 'admin@acme.stratum.dev', DEMO_PASSWORD)).status).to.equal(200);

    // A CLI command while the server holds the data directory goes through the server's database.
    const cli = await runStratum(
      [
        'tenant',
        'create',
        '--name',
        'Live Co',
        '--slug',
        'live-co',
        '--currency',
        'GBP',
        '--timezone',
        'Europe/London',
      ],
      env,
    );
    expect(cli.stderr).to.deep.equal([]);
    expect(cli.code).to.equal(0);
    const admin = await login(url, 'admin@demo.stratum.dev', DEMO_PASSWORD);
    expect(admin.status).to.equal(200);

    const pid = embeddedPid();
    const stoppedInMs = await stopAndExpectClean(running, pid);
    expect(stoppedInMs).to.be.below(10_000);
    expect(existsSync(join(dataDir, 'db-address.json'))).to.equal(false);
  });

  it('when DEMO_PASSWORD is unset, the first start prints a generated password once and the next start does not', async () => {
    const env = childEnvironment({ PORT: '0', STRATUM_DATA_DIR: dataDir });
    const first = spawnStratum(['start'], env);
    const [, url = '', hint = ''] = await first.line(LISTENING, 60_000);
    const password = /with password (\S+) \(generated now and shown only once/.exec(hint)?.[1] ?? '';
    expect(password).to.match(/^[A-Za-z0-9_-]{24}$/);
    expect((await login(url, 'viewer@demo.stratum.dev', password)).status).to.equal(200);
    await stopAndExpectClean(first, embeddedPid());

    const second = spawnStratum(['start'], env);
    const [, secondUrl = '', secondHint = ''] = await second.line(LISTENING, 60_000);
    expect(secondHint).not.to.include(password);
    expect(second.stdout.join('\n')).not.to.include(password);
    expect((await login(secondUrl, 'admin@demo.stratum.dev', password)).status).to.equal(200);
    await stopAndExpectClean(second, embeddedPid());
  });

  it('when the embedded database dies under it, it says so on stderr and exits 1', async () => {
    const running = spawnStratum(
      ['start'],
      childEnvironment({ PORT: '0', STRATUM_DATA_DIR: dataDir, DEMO_PASSWORD }),
    );
    await running.line(LISTENING, 60_000);
    process.kill(embeddedPid(), 'SIGKILL');
    expect(await running.exited(15_000)).to.equal(1);
    expect(running.stderr.join('\n')).to.match(
      /stratum start: The embedded database stopped unexpectedly \(signal SIGKILL\)/,
    );
  });

  for (const [name, value, message] of [
    ['PORT', 'abc', 'Invalid environment: PORT must be an integer between 0 and 65535'],
    [
      'LOG_LEVEL',
      'loud',
      'Invalid environment: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ],
  ] as const) {
    it(`when ${name} is "${value}", it prints one line naming ${name} and exits 1`, async () => {
      const result = await runStratum(
        ['start'],
        childEnvironment({ STRATUM_DATA_DIR: dataDir, [name]: value }),
      );
      expect(result.code).to.equal(1);
      expect(result.stderr).to.deep.equal([message]);
      expect(result.stdout).to.deep.equal([]);
    });
  }
});
