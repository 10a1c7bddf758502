import { expect } from 'chai';
import type { BusEvent } from '../events/event-bus.js';
import { toLiveEvent } from './live-events.js';

const envelope = { id: '1800000000000-000000-n1', tenantId: 't1', at: '2026-11-24T10:00:00.000Z' } as const;

describe('live events', () => {
  it('when a bus event has a live counterpart, it maps with the bus id and tenant', () => {
    expect(toLiveEvent({ ...envelope, name: 'kpis.changed', payload: { dataVersion: 3 } })).to.deep.equal({
      ...{ id: envelope.id, tenantId: 't1' },
      name: 'kpis:changed',
      payload: { dataVersion: 3 },
    });
    const progress = { runId: 'r', pluginId: 'p', phase: 'done', rows: 1, apiCalls: 1, fraction: 1 } as const;
    expect(toLiveEvent({ ...envelope, name: 'sync.progress', payload: progress })?.payload).to.deep.equal(
      progress,
    );
  });

  it('when an alert is raised, the live alert carries the time it was raised and details only if any', () => {
    const bare = toLiveEvent({
      ...envelope,
      name: 'alert.raised',
      payload: { severity: 'info', title: 'T' },
    });
    expect(bare).to.deep.include({
      name: 'alert',
      payload: { severity: 'info', title: 'T', at: envelope.at },
    });
    const detailed = toLiveEvent({
      ...envelope,
      name: 'alert.raised',
      payload: { severity: 'critical', title: 'T', details: { campaign: 'c1' } },
    });
    expect(detailed?.payload).to.deep.equal({
      severity: 'critical',
      title: 'T',
      details: { campaign: 'c1' },
      at: envelope.at,
    });
  });

  it('when a bus event is internal, it has no live counterpart', () => {
    const internal: BusEvent[] = [
      { ...envelope, name: 'rule.fired', payload: { ruleId: 'r', campaignExternalId: 'c', action: 'pause' } },
      { ...envelope, name: 'plugin.status', payload: { pluginId: 'p', status: 's', message: 'm' } },
      {
        ...envelope,
        name: 'sync.completed',
        payload: { pluginId: 'p', runId: 'r', rows: 1, from: 'a', to: 'b' },
      },
    ];
    for (const event of internal) expect(toLiveEvent(event), event.name).to.equal(undefined);
  });
});
