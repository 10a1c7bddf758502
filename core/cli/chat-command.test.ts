import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { buildScenario } from '../../plugins/ads-demo/simulator/scenario.js';
import { demoCampaignNames, runChatCommand } from './chat-command.js';

async function run(argv: readonly string[], input: string, now?: Date) {
  let stdout = '';
  let stderr = '';
  const code = await runChatCommand(argv, {
    stdin: Readable.from([input]),
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    ...(now === undefined ? {} : { now: () => now }),
  });
  return { code, lines: stdout.split('\n').filter((line) => line.length > 0), stderr };
}

describe('stratum chat parse', () => {
  it('when messages arrive one a line, one JSON line with exactly the parse fields is written per message', async () => {
    const { code, lines } = await run(['parse', '--ref', '2026-11-25'], 'fb roas yday?\n\nhi\n');
    expect(code).to.equal(0);
    expect(lines).to.have.length(2);
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(first)).to.deep.equal([
      'text',
      'intent',
      'metric',
      'platform',
      'range',
      'campaign',
      'compare',
    ]);
    expect(first).to.deep.equal({
      text: 'fb roas yday?',
      intent: 'metric_query',
      metric: 'roas',
      platform: 'meta',
      range: { from: '2026-11-24', to: '2026-11-24' },
      campaign: null,
      compare: null,
    });
    expect(JSON.parse(lines[1] ?? '{}')).to.include({ intent: 'smalltalk', metric: null });
  });

  it('when no --ref is given, today is the current day in the --tz zone', async () => {
    // 03:00 UTC on the 25th is still the 24th in New York.
    const { lines } = await run(
      ['parse', '--tz', 'America/New_York'],
      'spend today\n',
      new Date('2026-11-25T03:00:00Z'),
    );
    expect(JSON.parse(lines[0] ?? '{}')).to.deep.include({ range: { from: '2026-11-24', to: '2026-11-24' } });
    const tokyo = await run(
      ['parse', '--tz', 'Asia/Tokyo'],
      'spend today\n',
      new Date('2026-11-25T20:00:00Z'),
    );
    expect(JSON.parse(tokyo.lines[0] ?? '{}')).to.deep.include({
      range: { from: '2026-11-26', to: '2026-11-26' },
    });
  });

  it('when --campaigns names a file, its names are the campaigns matched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stratum-chat-'));
    try {
      const file = join(dir, 'campaigns.txt');
      await writeFile(file, 'Ramadan Sale – KSA\nEid Collection Launch\n');
      const { lines } = await run(
        ['parse', '--ref', '2026-11-25', '--campaigns', file],
        'ramadan sale roas\n',
      );
      expect(JSON.parse(lines[0] ?? '{}')).to.deep.include({
        campaign: 'Ramadan Sale – KSA',
        metric: 'roas',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("when no campaigns file is given, tenant demo's simulated campaign names are used", async () => {
    const names = demoCampaignNames();
    const simulated = buildScenario({ seed: 42, size: 'standard', anchorDate: '2025-06-30' }).campaigns.map(
      (campaign) => campaign.name,
    );
    expect(names).to.deep.equal([...new Set(simulated)]);
    const { lines } = await run(['parse', '--ref', '2026-11-25'], 'performance max all products roas\n');
    expect(JSON.parse(lines[0] ?? '{}')).to.deep.include({ campaign: null, metric: 'roas' });
    const uk = await run(['parse', '--ref', '2026-11-25'], 'uk performance max roas\n');
    expect(JSON.parse(uk.lines[0] ?? '{}')).to.deep.include({
      campaign: 'UK | Performance Max – All Products',
    });
  });

  it('when the command line is malformed, exit code 2 with the usage', async () => {
    for (const argv of [
      ['parse', '--ref', '2026-02-30'],
      ['parse', '--tz', 'Mars/Olympus'],
      ['parse', '--nope'],
      ['say'],
    ]) {
      const { code, stderr } = await run(argv, '');
      expect(code, argv.join(' ')).to.equal(2);
      expect(stderr).to.contain('Usage: stratum chat parse');
    }
  });
});
