/**
 * Child process for the crash tests (not a test itself): opens a data directory, writes, and then
 * dies with SIGKILL at a chosen moment, so the parent can check what survived.
 *   node --import tsx crash-child.fixture.ts <mode> <dataDir> <count>
 * Modes: `commit` (kill right after commit(false) resolved), `snapshot-written` /
 * `snapshot-renamed` (kill inside compaction at that crash point), `hold` (keep the directory
 * open until killed). Prints "ready" once the state to check has been reached.
 */
import type { Document } from '../bson-values.js';
import type { CrashPoint } from './durability.js';
import { openDurability } from './durability.js';

const [mode = 'commit', dataDir = '', countText = '10'] = process.argv.slice(2);
const count = Number(countText);

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

const crashAt = mode === 'snapshot-written' || mode === 'snapshot-renamed' ? (mode as CrashPoint) : undefined;
const { durability } = await openDurability(dataDir, {
  crashPoint: (point) => {
    if (point === crashAt) die();
  },
});

durability.append({ op: 'createCollection', db: 'app', coll: 'items', options: {}, uuid: null });
const documents: Document[] = [];
for (let index = 0; index < count; index++) {
  const document = { _id: index, label: `item-${index}`, at: new Date(1_700_000_000_000 + index) };
  documents.push(document);
  durability.append({ op: 'put', db: 'app', coll: 'items', doc: document });
}
await durability.commit(false);

if (mode === 'commit') die();
if (mode === 'hold') {
  process.stdout.write('ready\n');
  setInterval(() => undefined, 1000);
} else {
  await durability.compact({
    collections: () => [{ db: 'app', name: 'items', options: {}, uuid: null, indexes: [], documents }],
  });
  process.stdout.write('compaction finished without reaching the crash point\n');
  process.exit(3);
}
