import { expect } from 'chai';
import { createHealthRegistry } from './health-registry.js';
import { createReadiness } from './readiness.js';

describe('health registry', () => {
  it('when every component is up, the report is up with per-component status and latency', async () => {
    const health = createHealthRegistry();
    health.register('database', () => ({ status: 'up' }), { critical: true });
    health.register('redis', async () => ({ status: 'up', latencyMs: 1.5 }));
    const report = await health.check();
    expect(report.status).to.equal('up');
    expect(report.components.database).to.include({ status: 'up', critical: true });
    expect(report.components.database?.latencyMs).to.be.a('number').and.at.least(0);
    expect(report.components.redis).to.deep.equal({ status: 'up', latencyMs: 1.5, critical: false });
    expect(Number.isNaN(Date.parse(report.checkedAt))).to.equal(false);
  });

  it('when a critical component is down, the report is down', async () => {
    const health = createHealthRegistry();
    health.register('database', () => ({ status: 'down', detail: 'not connected' }), { critical: true });
    health.register('jobs', () => ({ status: 'up' }));
    const report = await health.check();
    expect(report.status).to.equal('down');
    expect(report.components.database).to.include({ detail: 'not connected' });
  });

  it('when only a non-critical component is down or degraded, the report is degraded', async () => {
    const health = createHealthRegistry();
    health.register('database', () => ({ status: 'up' }), { critical: true });
    health.register('redis', () => ({ status: 'down' }));
    expect((await health.check()).status).to.equal('degraded');
    const other = createHealthRegistry();
    other.register('jobs', () => ({ status: 'degraded' }), { critical: true });
    expect((await other.check()).status).to.equal('degraded');
  });

  it('when a check throws, the component is down with a generic detail (no error text leaks)', async () => {
    const health = createHealthRegistry();
    health.register(
      'database',
      () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:27017 user=admin');
      },
      { critical: true },
    );
    const report = await health.check();
    expect(report.components.database).to.include({ status: 'down', detail: 'check failed' });
    expect(JSON.stringify(report)).not.to.include('10.0.0.7');
  });

  it('when a check hangs past its timeout, the component is down and the run still finishes', async () => {
    const health = createHealthRegistry();
    health.register('slow', () => new Promise(() => undefined), { timeoutMs: 30 });
    const report = await health.check();
    expect(report.components.slow).to.include({ status: 'down', detail: 'timed out after 30 ms' });
  });

  it('when checks run concurrently, they share one run', async () => {
    let runs = 0;
    const health = createHealthRegistry();
    health.register('counted', async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { status: 'up' };
    });
    await Promise.all([health.check(), health.check(), health.check()]);
    expect(runs).to.equal(1);
    await health.check();
    expect(runs).to.equal(2);
  });

  it('when a component registers twice, registration fails', () => {
    const health = createHealthRegistry();
    health.register('x', () => ({ status: 'up' }));
    expect(() => health.register('x', () => ({ status: 'up' }))).to.throw(TypeError);
  });

  it('when nothing is registered, the report is up with no components', async () => {
    expect(await createHealthRegistry().check()).to.deep.include({ status: 'up', components: {} });
  });
});

describe('readiness', () => {
  it('when gates are pending, it is starting and lists them', () => {
    const readiness = createReadiness(['database', 'indexes', 'plugins']);
    readiness.satisfy('database');
    expect(readiness.isReady()).to.equal(false);
    expect(readiness.state()).to.deep.equal({ status: 'starting', pending: ['indexes', 'plugins'] });
  });

  it('when every gate is satisfied, it is ready', () => {
    const readiness = createReadiness(['database', 'plugins']);
    readiness.satisfy('plugins');
    readiness.satisfy('database');
    expect(readiness.state()).to.deep.equal({ status: 'ready', pending: [] });
  });

  it('when a gate is unsatisfied again, it is not ready', () => {
    const readiness = createReadiness(['database']);
    readiness.satisfy('database');
    readiness.unsatisfy('database');
    expect(readiness.isReady()).to.equal(false);
  });

  it('when draining starts, it is never ready again', () => {
    const readiness = createReadiness(['app']);
    readiness.satisfy('app');
    readiness.startDraining();
    readiness.satisfy('app');
    expect(readiness.state().status).to.equal('draining');
    expect(readiness.isReady()).to.equal(false);
  });

  it('when an unknown gate is used or no gate is given, it throws', () => {
    expect(() => createReadiness([])).to.throw(TypeError);
    const readiness = createReadiness<string>(['a']);
    expect(() => readiness.satisfy('b')).to.throw(TypeError);
  });
});
