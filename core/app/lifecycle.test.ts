import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { createLogger } from '../logging/logger.js';
import { createLifecycle, handleShutdownSignals } from './lifecycle.js';
import type { SignalSource } from './lifecycle.js';

const logger = createLogger({ level: 'silent' });

describe('lifecycle', () => {
  it('when shutting down, runs the steps in reverse order of registration and resolves 0', async () => {
    const order: string[] = [];
    const lifecycle = createLifecycle(logger);
    lifecycle.onShutdown('database', () => {
      order.push('database');
    });
    lifecycle.onShutdown('http', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('http');
    });
    lifecycle.onShutdown('drain', () => {
      order.push('drain');
    });
    expect(await lifecycle.shutdown('test')).to.equal(0);
    expect(order).to.deep.equal(['drain', 'http', 'database']);
  });

  it('when a step fails or times out, the others still run and the exit code is 1', async () => {
    const ran: string[] = [];
    const lifecycle = createLifecycle(logger);
    lifecycle.onShutdown('last', () => {
      ran.push('last');
    });
    lifecycle.onShutdown('hangs', () => new Promise(() => undefined), { timeoutMs: 20 });
    lifecycle.onShutdown('throws', () => {
      throw new Error('boom');
    });
    expect(await lifecycle.shutdown('test')).to.equal(1);
    expect(ran).to.deep.equal(['last']);
  });

  it('when shutdown is asked twice, the steps run once', async () => {
    let runs = 0;
    const lifecycle = createLifecycle(logger);
    lifecycle.onShutdown('count', () => {
      runs += 1;
    });
    expect(lifecycle.isShuttingDown()).to.equal(false);
    const [a, b] = await Promise.all([lifecycle.shutdown('one'), lifecycle.shutdown('two')]);
    expect([a, b, runs, lifecycle.isShuttingDown()]).to.deep.equal([0, 0, 1, true]);
  });

  it('when SIGTERM arrives, shutdown runs and exit gets its code; a second signal exits 1 at once', async () => {
    const source = new EventEmitter();
    const lifecycle = createLifecycle(logger);
    let release: () => void = () => undefined;
    lifecycle.onShutdown('slow', () => new Promise<void>((resolve) => (release = resolve)));
    const codes: number[] = [];
    const remove = handleShutdownSignals(lifecycle, logger, {
      source: source as SignalSource,
      exit: (code) => codes.push(code),
    });
    source.emit('SIGTERM');
    source.emit('SIGINT');
    expect(codes).to.deep.equal([1]);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await lifecycle.shutdown('wait');
    await new Promise((resolve) => setImmediate(resolve));
    expect(codes).to.deep.equal([1, 0]);
    remove();
    expect(source.listenerCount('SIGTERM')).to.equal(0);
  });
});
