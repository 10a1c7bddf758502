import { expect } from 'chai';
import { createLiveEventBuffer } from './live-event-buffer.js';
import type { LiveEvent } from './live-events.js';

let sequence = 0;
function event(tenantId: string): LiveEvent {
  sequence += 1;
  return {
    id: `1800000000000-${String(sequence).padStart(6, '0')}-n1`,
    tenantId,
    name: 'kpis:changed',
    payload: { dataVersion: sequence },
  };
}

describe('live event buffer', () => {
  it('when an id is kept, the tenant’s later events come back in order and other tenants’ never', () => {
    const buffer = createLiveEventBuffer();
    const [a1, b1, a2, a3] = [event('a'), event('b'), event('a'), event('a')];
    for (const each of [a1, b1, a2, a3]) buffer.append(each);
    expect(buffer.after('a', a1.id)).to.deep.equal([a2, a3]);
    expect(buffer.after('a', a3.id)).to.deep.equal([]);
    expect(buffer.after('b', a1.id)).to.equal(undefined);
    expect(buffer.after('c', a1.id)).to.equal(undefined);
    expect(buffer.latestId('a')).to.equal(a3.id);
    expect(buffer.size()).to.equal(4);
  });

  it('when a tenant exceeds its cap, its oldest events are forgotten', () => {
    const buffer = createLiveEventBuffer({ perTenant: 2 });
    const [first, second, third] = [event('a'), event('a'), event('a')];
    for (const each of [first, second, third]) buffer.append(each);
    expect(buffer.after('a', first.id)).to.equal(undefined);
    expect(buffer.after('a', second.id)).to.deep.equal([third]);
    expect(buffer.size()).to.equal(2);
  });

  it('when events are older than the maximum age, they are no longer replayed', () => {
    let clock = 0;
    const buffer = createLiveEventBuffer({ maxAgeMs: 1_000, now: () => clock });
    const old = event('a');
    buffer.append(old);
    clock = 600;
    const recent = event('a');
    buffer.append(recent);
    expect(buffer.after('a', old.id)).to.deep.equal([recent]);
    clock = 1_001;
    expect(buffer.after('a', old.id)).to.equal(undefined);
    expect(buffer.after('a', recent.id)).to.deep.equal([]);
    expect(buffer.size()).to.equal(1);
  });

  it('when the global cap is reached, the least recently active tenant gives way', () => {
    const buffer = createLiveEventBuffer({ perTenant: 10, globalMax: 3 });
    const [quiet, busy1, busy2, busy3] = [event('quiet'), event('busy'), event('busy'), event('busy')];
    for (const each of [quiet, busy1, busy2, busy3]) buffer.append(each);
    expect(buffer.size()).to.equal(3);
    expect(buffer.latestId('quiet')).to.equal(undefined);
    expect(buffer.after('busy', busy1.id)).to.deep.equal([busy2, busy3]);
  });

  it('when many events pass through, memory stays bounded and lookups stay right', () => {
    const buffer = createLiveEventBuffer({ perTenant: 100 });
    const all: LiveEvent[] = [];
    for (let index = 0; index < 5_000; index += 1) {
      const each = event('a');
      all.push(each);
      buffer.append(each);
    }
    expect(buffer.size()).to.equal(100);
    expect(buffer.after('a', all[4_900]?.id ?? '')).to.deep.equal(all.slice(4_901));
    expect(buffer.after('a', all[4_899]?.id ?? '')).to.equal(undefined);
  });
});
