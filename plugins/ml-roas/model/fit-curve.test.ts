import { expect } from 'chai';
import { generateCampaigns, truthAsModel } from '../../../bench/ml/generate.js';
import { steadyEstimate, steadyResponse } from './curve-model.js';
import { MIN_SPEND_DAYS, fitResponseCurve } from './fit-curve.js';

describe('ml-roas response-curve fit', () => {
  it('when the data are clean and spend moves, it recovers the true adstock, shape and response', () => {
    const campaigns = generateCampaigns({ seed: 11, campaigns: 6, days: 182, noise: 0.01 });
    for (const campaign of campaigns) {
      const outcome = fitResponseCurve({
        spend: campaign.spend,
        outcome: campaign.revenue,
        weekdays: campaign.weekdays,
      });
      expect(outcome.status, campaign.truth.id).to.equal('fitted');
      if (outcome.status !== 'fitted') continue;
      const truth = truthAsModel(campaign.truth);
      expect(outcome.model.decay, `${campaign.truth.id} decay`).to.be.closeTo(truth.decay, 0.05);
      for (const spend of [campaign.truth.currentBudget, outcome.model.minSpend, outcome.model.maxSpend]) {
        const fitted = steadyResponse(outcome.model, spend);
        expect(Math.abs(fitted - steadyResponse(truth, spend)) / steadyResponse(truth, spend)).to.be.below(
          0.02,
        );
      }
      outcome.model.weekdayFactors.forEach((factor, weekday) =>
        expect(factor).to.be.closeTo(truth.weekdayFactors[weekday] ?? 1, 0.02),
      );
    }
  });

  it('when noise is realistic, the 90% interval of the response at the current budget covers the truth for nearly all campaigns', () => {
    const campaigns = generateCampaigns({ seed: 12, campaigns: 30, days: 182, noise: 0.1 });
    let covered = 0;
    for (const campaign of campaigns) {
      const outcome = fitResponseCurve({
        spend: campaign.spend,
        outcome: campaign.revenue,
        weekdays: campaign.weekdays,
      });
      if (outcome.status !== 'fitted') throw new Error(`refused ${campaign.truth.id}`);
      const estimate = steadyEstimate(outcome.model, campaign.truth.currentBudget);
      const truth = steadyResponse(truthAsModel(campaign.truth), campaign.truth.currentBudget);
      if (truth >= estimate.lower && truth <= estimate.upper) covered += 1;
      expect(estimate.upper).to.be.greaterThan(estimate.lower);
    }
    expect(covered / campaigns.length).to.be.at.least(0.8);
  });

  it('when spend is flat, it refuses with "not enough variation to fit" instead of inventing a curve', () => {
    const days = 120;
    const spend = Array.from({ length: days }, (_, day) => 10_000 + (day % 3) * 50);
    const outcome = fitResponseCurve({
      spend,
      outcome: spend.map((value) => value * 3),
      weekdays: spend.map((_, day) => day % 7),
    });
    expect(outcome.status).to.equal('insufficient_variation');
    if (outcome.status === 'fitted') return;
    expect(outcome.message).to.match(/^not enough variation to fit/);
  });

  it('when there are too few days with spend, it refuses for lack of data', () => {
    const [campaign] = generateCampaigns({ seed: 3, campaigns: 1, days: MIN_SPEND_DAYS - 1, noise: 0.05 });
    if (campaign === undefined) throw new Error('no campaign');
    const outcome = fitResponseCurve({
      spend: campaign.spend,
      outcome: campaign.revenue,
      weekdays: campaign.weekdays,
    });
    expect(outcome.status).to.equal('insufficient_data');
  });
});
