import { expect } from 'chai';
import type { Frame } from '../nlu/frame.js';
import { EMPTY_CONTEXT, frameInContext } from './follow-up.js';
import { planFilters, planPeriod } from './plan.js';
import type { ChatCampaign } from './ports.js';

const frame = (overrides: Partial<Frame>): Frame => ({
  text: '',
  intent: 'metric_query',
  metric: null,
  platform: null,
  range: null,
  campaign: null,
  compare: null,
  extras: { language: 'en' },
  ...overrides,
});

const CAMPAIGNS: readonly ChatCampaign[] = [
  { id: 'a1', platform: 'meta', externalId: 'm-1', name: 'Black Friday 2026 – Prospecting' },
  { id: 'a2', platform: 'meta', externalId: 'm-2', name: 'Black Friday 2026 – Retargeting' },
  { id: 'a3', platform: 'google', externalId: 'g-1', name: 'Brand Search' },
];

describe('chat follow-ups and planning', () => {
  const previous = frame({
    text: 'meta roas last week',
    metric: 'roas',
    platform: 'meta',
    range: { from: '2026-11-16', to: '2026-11-22' },
  });

  it('when a follow-up names only a platform, metric and period come from the previous question', () => {
    const merged = frameInContext(
      frame({ text: 'and on tiktok?', platform: 'tiktok', extras: { language: 'en', followUp: true } }),
      {
        last: previous,
        pending: null,
      },
    );
    expect(merged).to.deep.include({
      intent: 'metric_query',
      metric: 'roas',
      platform: 'tiktok',
      range: previous.range,
    });
  });

  it('when a message names a metric of its own and there is no context, it is answered as is', () => {
    const own = frame({ text: 'spend yesterday', metric: 'spend' });
    expect(frameInContext(own, EMPTY_CONTEXT)).to.equal(own);
  });

  it('when a fragment matches several campaigns, the plan asks back with the candidates, and the answer "2" picks one', () => {
    const asked = frame({
      text: 'black friday roas',
      metric: 'roas',
      extras: { language: 'en', ambiguousCampaigns: ['black friday'] },
    });
    const plan = planFilters(asked, CAMPAIGNS, undefined);
    expect(plan).to.deep.equal({
      kind: 'ambiguous',
      ambiguity: {
        fragment: 'black friday',
        options: ['Black Friday 2026 – Prospecting', 'Black Friday 2026 – Retargeting'],
      },
    });
    const chosen = frameInContext(frame({ text: '2', intent: 'unknown' }), {
      last: null,
      pending: { frame: asked, options: plan.kind === 'ambiguous' ? plan.ambiguity.options : [] },
    });
    expect(chosen).to.include({ metric: 'roas', campaign: 'Black Friday 2026 – Retargeting' });
    expect(planFilters(chosen, CAMPAIGNS, undefined)).to.deep.include({ kind: 'ok' });
  });

  it('when an embed scope allows only meta and google is asked for, nothing is left to read', () => {
    const plan = planFilters(frame({ platform: 'google' }), CAMPAIGNS, { platforms: ['meta'] });
    expect(plan).to.deep.equal({
      kind: 'ok',
      filters: { platforms: [], campaignIds: [], campaignNames: [], empty: true },
    });
  });

  it('when no period is named, a metric question reads the last 7 complete days and says so', () => {
    expect(planPeriod(frame({}), '2026-11-25')).to.deep.equal({
      range: { from: '2026-11-18', to: '2026-11-24' },
      other: null,
      defaulted: true,
      future: false,
    });
    expect(
      planPeriod(frame({ range: { from: '2026-12-01', to: '2026-12-31' } }), '2026-11-25').future,
    ).to.equal(true);
  });
});
