import type { StorageEngine, StorageEngineOptions } from './types.js';

export async function openStorageEngine(options: StorageEngineOptions): Promise<StorageEngine> {
  throw new Error(`openStorageEngine pending: ${JSON.stringify(options)}`);
}
