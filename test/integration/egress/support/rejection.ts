import { expect } from 'chai';
import { PluginError } from '../../../../core/plugin-api/plugin-error.js';

/** Awaits a promise that must reject and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, it resolved');
}

/** Awaits a promise that must reject with a PluginError of this kind and code. */
export async function expectPluginError(
  promise: Promise<unknown>,
  kind: PluginError['kind'],
  code: string,
): Promise<PluginError> {
  const error = await rejectionOf(promise);
  expect(error, String(error)).to.be.instanceOf(PluginError);
  const pluginError = error as PluginError;
  expect({ kind: pluginError.kind, code: pluginError.code }).to.deep.equal({ kind, code });
  return pluginError;
}
