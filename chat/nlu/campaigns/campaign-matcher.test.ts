import { expect } from 'chai';
import { normalizeText } from '../text/normalize.js';
import { createCampaignMatcher } from './campaign-matcher.js';

const CAMPAIGNS = [
  'Black Friday 2026 – Prospecting',
  'Black Friday 2026 – Retargeting',
  'Cyber Monday Flash Sale',
  'Performance Max – All Products',
  'Dynamic Product Ads – Catalog',
  'Spark Ads – Creator UGC',
  'Retargeting – Cart Abandoners 7d',
  'US | Advantage+ Shopping – Evergreen',
  'EU | Advantage+ Shopping – Evergreen',
];

function match(text: string) {
  return createCampaignMatcher(CAMPAIGNS).match(normalizeText(text));
}

describe('chat campaign matching', () => {
  it('when a name is typed in lower case with typos, the canonical name is found', () => {
    expect(match('blak friday prospectng roas').campaigns).to.deep.equal(['Black Friday 2026 – Prospecting']);
    expect(match('perfomance max spend').campaigns).to.deep.equal(['Performance Max – All Products']);
  });

  it('when a name is abbreviated or partial, the campaign is still found', () => {
    expect(match('pmax roas').campaigns).to.deep.equal(['Performance Max – All Products']);
    expect(match('dpa spend yesterday').campaigns).to.deep.equal(['Dynamic Product Ads – Catalog']);
    expect(match('bf retargeting cpa').campaigns).to.deep.equal(['Black Friday 2026 – Retargeting']);
    expect(match('cart abandoners').campaigns).to.deep.equal(['Retargeting – Cart Abandoners 7d']);
  });

  it('when a fragment fits several campaigns equally, nothing is chosen and the fragment is reported', () => {
    const result = match('black friday roas');
    expect(result.campaigns).to.deep.equal([]);
    expect(result.ambiguous).to.deep.equal(['black friday']);
    expect(result.consumed.size).to.equal(2);
  });

  it('when the market is named, it settles names that differ only by market', () => {
    expect(match('advantage shopping roas').campaigns).to.deep.equal([]);
    expect(match('us advantage shopping roas').campaigns).to.deep.equal([
      'US | Advantage+ Shopping – Evergreen',
    ]);
  });

  it('when two campaigns are named, both are returned in the order named', () => {
    expect(match('spark ads vs cyber monday ctr').campaigns).to.deep.equal([
      'Spark Ads – Creator UGC',
      'Cyber Monday Flash Sale',
    ]);
  });

  it('when a message only uses words questions use anyway, no campaign is read', () => {
    for (const text of [
      'top 5 campaigns by roas',
      'spend on monday',
      'how is performance',
      'roas for all platforms',
    ]) {
      expect(match(text).campaigns, text).to.deep.equal([]);
    }
  });

  it('when a year merely resembles the year in a name, it is not taken for the campaign', () => {
    expect(match('revenue 2025').campaigns).to.deep.equal([]);
    expect(match('revenue 2025').consumed.size).to.equal(0);
  });

  it('when one ordinary word only resembles a campaign word, no campaign is matched', () => {
    const matcher = createCampaignMatcher([
      'Thought Leader Ads – Founder Posts',
      'Advantage+ Shopping – Evergreen',
    ]);
    expect(matcher.match(normalizeText('who founded tiktok')).campaigns).to.deep.equal([]);
    expect(matcher.match(normalizeText('is our ctr dropping')).campaigns).to.deep.equal([]);
  });

  it('when a name is typed in the singular, the plural campaign name is found', () => {
    const matcher = createCampaignMatcher(['Valentines Gift Guide', 'Cyber Monday Flash Sale']);
    expect(matcher.match(normalizeText('how is the valentine campaign doing')).campaigns).to.deep.equal([
      'Valentines Gift Guide',
    ]);
  });
});
