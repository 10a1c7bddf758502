import { expect } from 'chai';
import fc from 'fast-check';
import { truthAsModel } from '../../../bench/ml/generate.js';
import type { CurveModel } from './curve-model.js';
import { steadyResponse } from './curve-model.js';
import { InfeasibleConstraintsError, expectedTotal, optimizeAllocation } from './optimizer.js';
import type { OptimizerItem } from './optimizer.js';

const PLATFORMS = ['meta', 'google', 'tiktok'] as const;

function curve(decay: number, halfSaturation: number, shape: number, maxDaily: number): CurveModel {
  return truthAsModel({
    id: '',
    platform: '',
    decay,
    halfSaturation,
    shape,
    maxDaily,
    weekdayFactors: [1, 1, 1, 1, 1, 1, 1],
    currentBudget: 0,
  });
}

const itemArbitrary = fc
  .record({
    decay: fc.double({ min: 0, max: 0.8, noNaN: true }),
    half: fc.integer({ min: 1_000, max: 500_000 }),
    shape: fc.double({ min: 0.6, max: 2.5, noNaN: true }),
    max: fc.integer({ min: 1_000, max: 2_000_000 }),
    current: fc.integer({ min: 0, max: 200_000 }),
    lowerShare: fc.double({ min: 0, max: 1, noNaN: true }),
    upperExtra: fc.integer({ min: 0, max: 300_000 }),
    platform: fc.constantFrom(...PLATFORMS),
  })
  .map((raw, index = 0): OptimizerItem => ({
    id: `c${index}`,
    platform: raw.platform,
    model: curve(raw.decay, raw.half, raw.shape, raw.max),
    current: raw.current,
    lower: Math.floor(raw.current * raw.lowerShare),
    upper: Math.floor(raw.current * raw.lowerShare) + raw.upperExtra,
  }));

describe('ml-roas budget optimiser', () => {
  it('when budgets, bounds and platform caps are random, no constraint is ever violated', () => {
    fc.assert(
      fc.property(
        fc.array(itemArbitrary, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.dictionary(fc.constantFrom(...PLATFORMS), fc.integer({ min: 0, max: 1_000_000 })),
        (items, budget, caps) => {
          const minimum = items.reduce((sum, item) => sum + item.lower, 0);
          const capsOk = Object.entries(caps).every(
            ([platform, cap]) =>
              items.filter((item) => item.platform === platform).reduce((sum, item) => sum + item.lower, 0) <=
              cap,
          );
          if (minimum > budget || !capsOk) {
            expect(() => optimizeAllocation({ items, totalBudget: budget, platformCaps: caps })).to.throw(
              InfeasibleConstraintsError,
            );
            return;
          }
          const { budgets } = optimizeAllocation({ items, totalBudget: budget, platformCaps: caps });
          expect(budgets.reduce((sum, value) => sum + value, 0)).to.be.at.most(budget);
          budgets.forEach((value, index) => {
            const item = items[index] as OptimizerItem;
            expect(Number.isInteger(value)).to.equal(true);
            expect(value).to.be.within(item.lower, item.upper);
          });
          for (const [platform, cap] of Object.entries(caps))
            expect(
              items.reduce(
                (sum, item, index) => sum + (item.platform === platform ? (budgets[index] ?? 0) : 0),
                0,
              ),
            ).to.be.at.most(cap);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('when the curves are concave, it finds the optimum a brute-force grid search finds (within 0.1%)', () => {
    const items: OptimizerItem[] = [
      {
        id: 'a',
        platform: 'meta',
        model: curve(0.2, 40_000, 0.9, 200_000),
        current: 20_000,
        lower: 0,
        upper: 100_000,
      },
      {
        id: 'b',
        platform: 'google',
        model: curve(0.5, 10_000, 1, 60_000),
        current: 20_000,
        lower: 0,
        upper: 100_000,
      },
      {
        id: 'c',
        platform: 'tiktok',
        model: curve(0.1, 80_000, 0.8, 300_000),
        current: 20_000,
        lower: 0,
        upper: 100_000,
      },
    ];
    const budget = 60_000;
    const optimum = expectedTotal(items, optimizeAllocation({ items, totalBudget: budget }).budgets);
    let best = 0;
    for (let a = 0; a <= budget; a += 500)
      for (let b = 0; a + b <= budget; b += 500)
        best = Math.max(best, expectedTotal(items, [a, b, budget - a - b]));
    expect(optimum).to.be.at.least(best * 0.999);
  });

  it('when a ROAS floor binds, it spends less and keeps the expected ROAS at the floor or above', () => {
    const items: OptimizerItem[] = [
      {
        id: 'a',
        platform: 'meta',
        model: curve(0.2, 40_000, 1, 120_000),
        current: 30_000,
        lower: 0,
        upper: 200_000,
      },
      {
        id: 'b',
        platform: 'google',
        model: curve(0.3, 20_000, 1, 60_000),
        current: 30_000,
        lower: 0,
        upper: 200_000,
      },
    ];
    const { budgets } = optimizeAllocation({ items, totalBudget: 300_000, roasFloor: 1.5 });
    const spend = budgets.reduce((sum, value) => sum + value, 0);
    const revenue = items.reduce(
      (sum, item, index) => sum + steadyResponse(item.model, budgets[index] ?? 0),
      0,
    );
    expect(spend).to.be.below(300_000);
    expect(revenue / spend).to.be.at.least(1.5 - 1e-3);
  });
});
