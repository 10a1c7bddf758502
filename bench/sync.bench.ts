/**
 * `npm run bench -- sync [--platform meta|google-ads|tiktok|snapchat|linkedin|all] [platform options]`: each connector's
 * large fake account (5,000 campaigns × 90 days by default) synced through the real pipeline:
 * rows/s, API calls made beside the minimum the pagination allows, time waiting on rate limits.
 * Platform options (`--campaigns`, `--days`…) pass through to each platform's benchmark.
 */
import { runSyncGoogleAdsBenchmark } from './sync-google-ads.bench.js';
import { runSyncLinkedinBenchmark } from './sync-linkedin.bench.js';
import { runSyncMetaBenchmark } from './sync-meta.bench.js';
import { runSyncSnapchatBenchmark } from './sync-snapchat.bench.js';
import { runSyncTiktokBenchmark } from './sync-tiktok.bench.js';

const PLATFORMS: Readonly<Record<string, (argv: readonly string[]) => Promise<void>>> = {
  meta: runSyncMetaBenchmark,
  'google-ads': runSyncGoogleAdsBenchmark,
  tiktok: runSyncTiktokBenchmark,
  snapchat: runSyncSnapchatBenchmark,
  linkedin: runSyncLinkedinBenchmark,
};

function takePlatform(argv: readonly string[]): { platforms: string[]; rest: string[] } {
  const rest = [...argv];
  const index = rest.indexOf('--platform');
  if (index < 0) return { platforms: Object.keys(PLATFORMS), rest };
  const [, value] = rest.splice(index, 2);
  if (value === undefined || value === 'all') return { platforms: Object.keys(PLATFORMS), rest };
  if (PLATFORMS[value] === undefined)
    throw new Error(`--platform must be one of ${Object.keys(PLATFORMS).join(', ')} or all`);
  return { platforms: [value], rest };
}

export async function runSyncBenchmark(argv: readonly string[]): Promise<void> {
  const { platforms, rest } = takePlatform(argv);
  for (const platform of platforms) {
    process.stdout.write(`\n=== ${platform} ===\n`);
    await PLATFORMS[platform]?.(rest);
  }
}
