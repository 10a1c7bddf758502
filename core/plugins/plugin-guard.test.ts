import { expect } from 'chai';
import { z } from 'zod';
import { PluginError } from '../plugin-api/index.js';
import type { CallContext } from '../plugin-api/index.js';
import { guardPluginCall } from './plugin-guard.js';

describe('plugin guard', () => {
  it('when the call answers in time with a valid result, the value is returned', async () => {
    const outcome = await guardPluginCall({
      what: 'check',
      timeoutMs: 100,
      run: async () => 42,
      validate: z.number(),
    });
    expect(outcome).to.deep.include({ ok: true, value: 42 });
  });

  it('when the call never settles, it returns at the time limit and aborts the signal', async () => {
    let seen: CallContext | undefined;
    const started = Date.now();
    const outcome = await guardPluginCall({
      what: 'check',
      timeoutMs: 50,
      run: (ctx) => {
        seen = ctx;
        return new Promise<never>(() => undefined);
      },
    });
    expect(Date.now() - started).to.be.within(45, 500);
    expect(outcome.ok).to.equal(false);
    if (outcome.ok) return;
    expect(outcome.failure).to.deep.include({ kind: 'transient', code: 'PLUGINS_CALL_TIMEOUT' });
    expect(seen?.signal.aborted).to.equal(true);
  });

  it('when the call throws synchronously or rejects with a plain error, the failure is system with a safe message', async () => {
    for (const run of [
      () => {
        throw new RangeError('secret internals');
      },
      async () => Promise.reject(new Error('secret internals')),
    ]) {
      const outcome = await guardPluginCall({ what: 'setup', timeoutMs: 100, run });
      expect(outcome.ok).to.equal(false);
      if (outcome.ok) continue;
      expect(outcome.failure.kind).to.equal('system');
      expect(outcome.failure.code).to.equal('PLUGINS_CALL_FAILED');
      expect(outcome.failure.message).to.match(
        /^setup failed with an unexpected error \((RangeError|Error)\)$/,
      );
    }
  });

  it('when the plugin throws a PluginError, its kind, code and retry hint are kept and secrets masked', async () => {
    const outcome = await guardPluginCall({
      what: 'listAccounts',
      timeoutMs: 100,
      secrets: ['hunter2-token'],
      run: async () => {
        throw new PluginError('transient', 'rate limited for hunter2-token', {
          code: 'META_RATE_LIMITED',
          retryAfterMs: 5000,
        });
      },
    });
    expect(outcome.ok).to.equal(false);
    if (outcome.ok) return;
    expect(outcome.failure).to.deep.equal({
      kind: 'transient',
      code: 'META_RATE_LIMITED',
      message: 'rate limited for [secret]',
      retryAfterMs: 5000,
    });
  });

  it('when the result does not match what the host consumes, the failure says it returned an invalid result', async () => {
    const outcome = await guardPluginCall({
      what: 'check',
      timeoutMs: 100,
      run: async () => ({ status: 'splendid' }) as unknown,
      validate: z.object({ status: z.enum(['ok', 'error']) }),
    });
    expect(outcome.ok).to.equal(false);
    if (!outcome.ok)
      expect(outcome.failure).to.deep.include({
        code: 'PLUGINS_RESULT_INVALID',
        message: 'check returned an invalid result',
      });
  });

  it("when the caller's signal aborts, the call returns at once as cancelled", async () => {
    const controller = new AbortController();
    const pending = guardPluginCall({
      what: 'campaigns',
      timeoutMs: 5_000,
      signal: controller.signal,
      run: () => new Promise<never>(() => undefined),
    });
    controller.abort();
    const outcome = await pending;
    expect(outcome.ok).to.equal(false);
    if (!outcome.ok) expect(outcome.failure.code).to.equal('PLUGINS_CALL_ABORTED');
  });
});
