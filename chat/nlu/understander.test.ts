import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { evaluateFile } from '../eval/run-eval.js';
import { SLOTS } from '../eval/score.js';
import { createUnderstander } from './understander.js';

const testSet = fileURLToPath(new URL('../../test/chat/test-set.jsonl', import.meta.url));
const campaignsFile = fileURLToPath(new URL('../../test/chat/campaigns.txt', import.meta.url));

const context = {
  today: '2026-11-25',
  timezone: 'America/New_York',
  campaigns: [
    'Black Friday 2026 – Prospecting',
    'Black Friday 2026 – Retargeting',
    'Cyber Monday Flash Sale',
  ],
};

describe('chat understanding', () => {
  const understander = createUnderstander();

  it('when the test set is scored, it meets the quality bars of the issue', async () => {
    const report = await evaluateFile(testSet, campaignsFile);
    expect(report.total).to.be.greaterThanOrEqual(390);
    expect(report.intentAccuracy, 'intent accuracy').to.be.at.least(0.95);
    for (const slot of SLOTS) expect(report.slotAccuracy[slot], slot).to.be.at.least(0.9);
    expect(report.frameAccuracy, 'whole frame').to.be.at.least(0.8);
    expect(report.outOfScopeWithNumbers, 'out of scope answered with numbers').to.equal(0);
  });

  it('when a campaign is named like a date, it is the campaign and not a Friday', () => {
    const frame = understander.understand('black friday prospecting spend yesterday', context);
    expect(frame.campaign).to.equal('Black Friday 2026 – Prospecting');
    expect(frame.range).to.deep.equal({ from: '2026-11-24', to: '2026-11-24' });
  });

  it('when a campaign fragment is ambiguous, campaign is null and the fragment is handed to the engine', () => {
    const frame = understander.understand('black friday roas', context);
    expect(frame.campaign).to.equal(null);
    expect(frame.range).to.equal(null);
    expect(frame.extras.ambiguousCampaigns).to.deep.equal(['black friday']);
  });

  it('when asked to change something, the intent carries no slots and is flagged as an action request', () => {
    for (const text of [
      'pause all campaigns',
      'increase the tiktok budget by 20%',
      'اوقف كل الحملات',
      'зупини всі кампанії',
    ]) {
      const frame = understander.understand(text, context);
      expect(frame.intent, text).to.equal('unknown');
      expect(frame.extras.actionRequest, text).to.equal(true);
      expect([frame.metric, frame.platform, frame.range, frame.campaign], text).to.deep.equal([
        null,
        null,
        null,
        null,
      ]);
    }
  });

  it('when a follow-up only changes a slot, it is flagged for the engine to merge', () => {
    for (const text of ['and on tiktok?', 'و على تيك توك؟', 'а на тікток?']) {
      const frame = understander.understand(text, context);
      expect(frame.intent, text).to.equal('metric_query');
      expect(frame.platform, text).to.equal('tiktok');
      expect(frame.extras.followUp, text).to.equal(true);
    }
  });

  it('when out of scope, smalltalk or help, no slot is filled', () => {
    for (const text of [
      'meta stock price today',
      'hi 👋',
      'what can you do?',
      'tell me a joke about google',
    ]) {
      const frame = understander.understand(text, context);
      expect(['unknown', 'smalltalk', 'help'], text).to.include(frame.intent);
      expect([frame.metric, frame.platform, frame.range, frame.campaign, frame.compare], text).to.deep.equal([
        null,
        null,
        null,
        null,
        null,
      ]);
    }
  });

  it('when ranking is asked, the direction, the limit and what is ranked are kept', () => {
    const frame = understander.understand('worst 3 platforms by cpa last week', context);
    expect(frame.intent).to.equal('top_n');
    expect(frame.extras.ranking).to.deep.equal({ direction: 'bottom', limit: 3, of: 'platforms' });
  });

  it('when the language is Arabic or Ukrainian, it is reported with the frame', () => {
    expect(understander.understand('كم صرفنا امبارح', context).extras.language).to.equal('ar');
    expect(understander.understand('kam sarafna embare7', context).extras.language).to.equal('ar');
    expect(understander.understand('скільки витратили вчора', context).extras.language).to.equal('uk');
  });
});
