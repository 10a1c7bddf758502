import { expect } from 'chai';
import { expectPipelineError, run } from './test-helpers.js';

const hour = (h: number): Date => new Date(Date.UTC(2021, 4, 18, h));

describe('aggregate $densify', () => {
  it('when densifying dates by the hour within bounds, fills the gaps (manual weather example)', () => {
    const weather = [0, 4, 8, 12].map((h) => ({ timestamp: hour(h), temp: 12 }));
    const result = run([{ $densify: { field: 'timestamp', range: { step: 1, unit: 'hour', bounds: [hour(0), hour(8)] } } }], weather);
    expect(result.map((doc) => (doc.timestamp as Date).getUTCHours())).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 12]);
    expect(result[1]).to.deep.equal({ timestamp: hour(1) });
  });

  it('when densifying numbers per partition, generates only the field and partition keys', () => {
    const input = [
      { v: 'a', altitude: 600 },
      { v: 'a', altitude: 900 },
      { v: 'b', altitude: 1000 },
      { v: 'b', altitude: 1200 },
    ];
    const result = run([{ $densify: { field: 'altitude', partitionByFields: ['v'], range: { step: 200, bounds: 'partition' } } }], input);
    expect(result).to.deep.equal([
      { v: 'a', altitude: 600 },
      { v: 'a', altitude: 800 },
      { v: 'a', altitude: 900 },
      { v: 'b', altitude: 1000 },
      { v: 'b', altitude: 1200 },
    ]);
  });

  it('when the step is not positive, fails with 5733401', () => {
    expectPipelineError([{ $densify: { field: 'a', range: { step: 0, bounds: 'full' } } }], 5733401);
  });
});

describe('aggregate $fill', () => {
  const prices = [{ t: 9, price: 500 }, { t: 10, price: 550 }, { t: 11 }, { t: 12, price: 505 }, { t: 13 }, { t: 14 }, { t: 15, price: 560 }];

  it('when filling with the last observation, carries prices forward (manual example)', () => {
    const result = run([{ $fill: { sortBy: { t: 1 }, output: { price: { method: 'locf' } } } }], prices);
    expect(result.map((doc) => doc.price)).to.deep.equal([500, 550, 550, 505, 505, 505, 560]);
  });

  it('when filling linearly, interpolates on the sortBy field (manual example)', () => {
    const result = run([{ $fill: { sortBy: { t: 1 }, output: { price: { method: 'linear' } } } }], prices);
    const filled = result.map((doc) => doc.price as number);
    expect(filled.slice(0, 4)).to.deep.equal([500, 550, 527.5, 505]);
    expect(filled[4]).to.be.closeTo(523.333333, 1e-5);
    expect(filled[5]).to.be.closeTo(541.666666, 1e-5);
  });

  it('when filling with a value, replaces only null or missing fields', () => {
    const result = run([{ $fill: { output: { boots: { value: 0 } } } }], [{ boots: 5 }, { boots: null }, {}]);
    expect(result).to.deep.equal([{ boots: 5 }, { boots: 0 }, { boots: 0 }]);
  });

  it('when a method is used without sortBy, fails', () => {
    expectPipelineError([{ $fill: { output: { price: { method: 'locf' } } } }], 6050203);
  });
});
