import { expect } from 'chai';
import { EVENT_ID_PATTERN, createEventIdGenerator, randomNodeId } from './event-ids.js';

describe('event ids', () => {
  it('when ids are drawn within one millisecond, they still increase and match the pattern', () => {
    const next = createEventIdGenerator({ nodeId: 'n1', now: () => 1_800_000_000_000 });
    const ids = Array.from({ length: 5 }, () => next());
    expect([...ids].sort()).to.deep.equal(ids);
    expect(new Set(ids).size).to.equal(5);
    expect(ids[0]).to.equal('1800000000000-000000-n1');
    for (const id of ids) expect(id).to.match(EVENT_ID_PATTERN);
  });

  it('when the clock steps back, ids keep increasing', () => {
    let clock = 1_800_000_000_500;
    const next = createEventIdGenerator({ nodeId: 'n1', now: () => clock });
    const first = next();
    clock -= 400;
    const second = next();
    clock += 1_000;
    const third = next();
    expect(second > first).to.equal(true);
    expect(third > second).to.equal(true);
    expect(second).to.equal('1800000000500-000001-n1');
    expect(third).to.equal('1800000001100-000000-n1');
  });

  it('when a millisecond counter is full, the next id borrows the following millisecond', () => {
    const next = createEventIdGenerator({ nodeId: 'n1', now: () => 1_800_000_000_000 });
    let last = '';
    for (let index = 0; index <= 1_000_000; index += 1) last = next();
    expect(last).to.equal('1800000000001-000000-n1');
  });

  it('when two generators have different node ids, their ids never collide', () => {
    const a = createEventIdGenerator({ nodeId: randomNodeId(), now: () => 1 });
    const b = createEventIdGenerator({ nodeId: randomNodeId(), now: () => 1 });
    expect(a()).to.not.equal(b());
  });

  it('when the node id is not lower-case alphanumeric, creating the generator throws', () => {
    expect(() => createEventIdGenerator({ nodeId: 'a-b\n' })).to.throw(TypeError);
  });
});
