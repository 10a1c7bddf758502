import { Writable } from 'node:stream';
import { expect } from 'chai';
import { InputError } from '../errors/errors.js';
import { createLogger } from '../logging/logger.js';
import type { BusEvent, HostEventMap } from './event-bus.js';
import { createInProcessEventBus } from './in-process-event-bus.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('in-process event bus', () => {
  it('when an event is published, subscribers of its name and of all events get the envelope', async () => {
    const { logger } = capturingLogger();
    const atMs = Date.UTC(2026, 10, 24, 10);
    const bus = createInProcessEventBus({ logger, nodeId: 'n1', now: () => atMs });
    const named: BusEvent<'kpis.changed'>[] = [];
    const all: BusEvent[] = [];
    bus.subscribe('kpis.changed', (event) => {
      named.push(event);
    });
    bus.subscribeAll((event) => {
      all.push(event);
    });
    bus.subscribe('rule.fired', () => {
      throw new Error('must not be called');
    });
    const published = await bus.publish('t1', 'kpis.changed', { dataVersion: 7 });
    expect(published).to.deep.equal({
      id: `${atMs}-000000-n1`,
      name: 'kpis.changed',
      tenantId: 't1',
      at: '2026-11-24T10:00:00.000Z',
      payload: { dataVersion: 7 },
    });
    expect(named).to.deep.equal([published]);
    expect(all).to.deep.equal([published]);
  });

  it('when events are published in order, their ids increase in that order', async () => {
    const bus = createInProcessEventBus({ logger: capturingLogger().logger, now: () => 5 });
    const ids: string[] = [];
    for (let version = 0; version < 20; version += 1)
      ids.push((await bus.publish('t1', 'kpis.changed', { dataVersion: version })).id);
    expect([...ids].sort()).to.deep.equal(ids);
    expect(new Set(ids).size).to.equal(20);
  });

  it('when a subscriber throws or rejects, it is logged and the publisher and other subscribers carry on', async () => {
    const { logger, lines } = capturingLogger();
    const bus = createInProcessEventBus({ logger });
    const seen: number[] = [];
    bus.subscribe('kpis.changed', () => {
      throw new Error('sync boom');
    });
    bus.subscribe('kpis.changed', async () => {
      throw new Error('async boom');
    });
    bus.subscribe('kpis.changed', (event) => {
      seen.push(event.payload.dataVersion);
    });
    const published = await bus.publish('t1', 'kpis.changed', { dataVersion: 1 });
    await settle();
    expect(seen).to.deep.equal([1]);
    const failures = lines.filter((line) => line.msg === 'event subscriber failed');
    expect(failures).to.have.length(2);
    expect(failures[0]).to.include({ eventId: published.id, eventName: 'kpis.changed', tenantId: 't1' });
  });

  it('when a subscription is undone, its handler is no longer called; the same handler twice is called twice', async () => {
    const bus = createInProcessEventBus({ logger: capturingLogger().logger });
    let calls = 0;
    const handler = () => {
      calls += 1;
    };
    const first = bus.subscribe('alert.raised', handler);
    bus.subscribe('alert.raised', handler);
    const alert: HostEventMap['alert.raised'] = { severity: 'warning', title: 'Spend spike' };
    await bus.publish('t1', 'alert.raised', alert);
    expect(calls).to.equal(2);
    first();
    first();
    await bus.publish('t1', 'alert.raised', alert);
    expect(calls).to.equal(3);
  });

  it('when a payload does not match its event, publish throws InputError listing the fields', async () => {
    const bus = createInProcessEventBus({ logger: capturingLogger().logger });
    let delivered = 0;
    bus.subscribeAll(() => {
      delivered += 1;
    });
    const error = await bus
      .publish('t1', 'kpis.changed', { dataVersion: 'seven' } as unknown as HostEventMap['kpis.changed'])
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).to.be.instanceOf(InputError).with.property('code', 'EVENT_INVALID');
    expect((error as InputError).details).to.deep.equal([
      { path: 'dataVersion', message: 'Invalid input: expected number, received string' },
    ]);
    const noTenant = await bus
      .publish('', 'kpis.changed', { dataVersion: 1 })
      .catch((caught: unknown) => caught);
    expect(noTenant).to.be.instanceOf(InputError);
    expect(delivered).to.equal(0);
  });

  it('when the bus is closed, nothing more is delivered', async () => {
    const { logger, lines } = capturingLogger();
    const bus = createInProcessEventBus({ logger });
    let delivered = 0;
    bus.subscribeAll(() => {
      delivered += 1;
    });
    await bus.close();
    await bus.publish('t1', 'kpis.changed', { dataVersion: 1 });
    expect(delivered).to.equal(0);
    expect(lines.some((line) => line.msg === 'event published after the bus closed; dropped')).to.equal(true);
  });
});
