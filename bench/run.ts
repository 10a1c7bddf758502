/** `npm run bench -- <area> [options]`: runs one benchmark area and prints its figures. */
import { runAdminBenchmark } from './admin.bench.js';
import { runChatBenchmark } from './chat.bench.js';
import { runDbBenchmark } from './db.bench.js';
import { runHttpBenchmark } from './http.bench.js';
import { runIngestBenchmark } from './ingest.bench.js';
import { runKpisBenchmark } from './kpis.bench.js';
import { runMlBenchmark } from './ml.bench.js';
import { runRulesBenchmark } from './rules.bench.js';
import { runSyncBenchmark } from './sync.bench.js';
import { runWidgetsBenchmark } from './widgets.bench.js';

const areas: Readonly<Record<string, (argv: readonly string[]) => Promise<void>>> = {
  admin: runAdminBenchmark,
  chat: runChatBenchmark,
  db: runDbBenchmark,
  http: runHttpBenchmark,
  ingest: runIngestBenchmark,
  kpis: runKpisBenchmark,
  ml: runMlBenchmark,
  rules: runRulesBenchmark,
  sync: runSyncBenchmark,
  widgets: runWidgetsBenchmark,
};

const [area, ...rest] = process.argv.slice(2);
const run = area ? areas[area] : undefined;
if (!run) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(areas).join('|')}> [options]\n`);
  process.exitCode = 2;
} else {
  await run(rest);
}
