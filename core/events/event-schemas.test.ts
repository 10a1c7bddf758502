import { expect } from 'chai';
import { parseBusEvent } from './event-schemas.js';

const valid = {
  id: '1795600800000-000000-n1',
  name: 'sync.progress',
  tenantId: 't1',
  at: '2026-11-24T10:00:00.000Z',
  payload: { runId: 'r1', pluginId: 'ads-demo', phase: 'metrics', rows: 10, apiCalls: 2, fraction: 0.5 },
};

describe('bus event schemas', () => {
  it('when a received event is well formed, it parses from JSON text and from a value', () => {
    expect(parseBusEvent(JSON.stringify(valid))).to.deep.equal({ ok: true, event: valid });
    expect(parseBusEvent(valid)).to.deep.equal({ ok: true, event: valid });
  });

  it('when an alert carries JSON details, they are kept; extra payload fields are stripped', () => {
    const alert = {
      ...valid,
      name: 'alert.raised',
      payload: { severity: 'critical', title: 'Outage', details: { a: [1, { b: null }] }, extra: true },
    };
    const parsed = parseBusEvent(alert);
    expect(parsed.ok && parsed.event.payload).to.deep.equal({
      severity: 'critical',
      title: 'Outage',
      details: { a: [1, { b: null }] },
    });
  });

  const garbage: readonly [string, unknown][] = [
    ['not JSON', '{nope'],
    ['a number', 42],
    ['null', null],
    ['an unknown event name', { ...valid, name: 'tenant.deleted' }],
    ['a bad id', { ...valid, id: '1\nevent: x' }],
    ['a missing tenant', { ...valid, tenantId: '' }],
    ['a bad time', { ...valid, at: 'yesterday' }],
    ['a payload of another event', { ...valid, payload: { dataVersion: 1 } }],
    ['a fraction above one', { ...valid, payload: { ...valid.payload, fraction: 2 } }],
  ];
  for (const [what, input] of garbage) {
    it(`when a received event is ${what}, it is refused with a reason`, () => {
      const parsed = parseBusEvent(input);
      expect(parsed.ok).to.equal(false);
      expect(parsed.ok ? '' : parsed.reason)
        .to.be.a('string')
        .and.not.equal('');
    });
  }
});
