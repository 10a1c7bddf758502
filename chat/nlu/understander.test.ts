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

  it('when the probe sets written after the test set are scored, each meets the quality bars', async () => {
    const probes = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
      file: fileURLToPath(new URL(`../../test/chat/probe-${n}.jsonl`, import.meta.url)),
      campaigns:
        n === 5
          ? fileURLToPath(new URL('../../test/chat/probe-campaigns.txt', import.meta.url))
          : campaignsFile,
    }));
    for (const probe of probes) {
      const report = await evaluateFile(probe.file, probe.campaigns);
      expect(report.intentAccuracy, `${probe.file} intent`).to.be.at.least(0.95);
      for (const slot of SLOTS)
        expect(report.slotAccuracy[slot], `${probe.file} ${slot}`).to.be.at.least(0.9);
      expect(report.frameAccuracy, `${probe.file} whole frame`).to.be.at.least(0.8);
      expect(report.outOfScopeWithNumbers, `${probe.file} out of scope`).to.equal(0);
    }
  });

  it('when a metric is only asked to be explained, it is help and no query', () => {
    for (const text of [
      'what is roas?',
      'what does cpm stand for',
      'explain ctr to me',
      'що таке cpm?',
      'ما هو الـ ROAS؟',
    ])
      expect(understander.understand(text, context).intent, text).to.equal('help');
    expect(understander.understand('what is our roas', context).intent).to.equal('metric_query');
    expect(understander.understand('what is roas on meta yesterday', context).intent).to.equal(
      'metric_query',
    );
  });

  it('when an out-of-scope request names a platform or a metric, it is unknown with no slots', () => {
    for (const text of [
      'write me an ad for tiktok',
      'how do i install the facebook pixel',
      'what is a good ctr for tiktok ads',
      'translate roas into arabic',
      'напиши рекламу для тіктоку',
      'اكتب لي اعلان لتيك توك',
    ]) {
      const frame = understander.understand(text, context);
      expect(frame.intent, text).to.equal('unknown');
      expect(frame.platform, text).to.equal(null);
      expect(frame.metric, text).to.equal(null);
    }
  });

  it('when campaigns are filtered by a threshold, it is a ranking', () => {
    expect(understander.understand('campaigns with roas under 2 last week', context).intent).to.equal(
      'top_n',
    );
    expect(
      understander.understand('show campaigns that spent more than 1000 yesterday', context).intent,
    ).to.equal('top_n');
  });

  it('when words are typed without vowels or run through voice typing, they are still read', () => {
    const frame = understander.understand('hw much we spnt on googl this wk', context);
    expect([frame.metric, frame.platform]).to.deep.equal(['spend', 'google']);
    expect(understander.understand('spend on tick tock yesterday', context).platform).to.equal('tiktok');
    expect(understander.understand('قديش صرفنا عالفيسبوك مبارح', context).platform).to.equal('meta');
  });
});
