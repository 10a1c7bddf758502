import { expect } from 'chai';
import { canonicalText, correctTypo } from '../text/canonical-text.js';
import { detectLanguage, normalizeText, tokenize } from '../text/normalize.js';
import { findMetrics, findPlatforms } from './slot-finder.js';

function slotsOf(text: string) {
  const canonical = canonicalText(normalizeText(text), detectLanguage(text), new Set());
  const tokens = tokenize(canonical);
  return { platforms: findPlatforms(tokens), metrics: findMetrics(tokens) };
}

describe('chat lexicon', () => {
  it('when platforms are named by nickname, they map to our platform ids in the order named', () => {
    expect(slotsOf('fb vs ggl vs tt vs snap vs li').platforms).to.deep.equal([
      'meta',
      'google',
      'tiktok',
      'snapchat',
      'linkedin',
    ]);
    expect(slotsOf('insta and youtube and adwords').platforms).to.deep.equal(['meta', 'google']);
  });

  it('when metrics are named by synonym, the longest phrase wins', () => {
    expect(slotsOf('return on ad spend').metrics).to.deep.equal(['roas']);
    expect(slotsOf('amount spent').metrics).to.deep.equal(['spend']);
    expect(slotsOf('cost per lead').metrics).to.deep.equal(['cpa']);
    expect(slotsOf('cost per click').metrics).to.deep.equal(['cpc']);
    expect(slotsOf('conv rate').metrics).to.deep.equal(['cvr']);
    expect(slotsOf('orders').metrics).to.deep.equal(['conversions']);
    expect(slotsOf('impr').metrics).to.deep.equal(['impressions']);
    expect(slotsOf('sales').metrics).to.deep.equal(['revenue']);
  });

  it('when Arabic, Arabizi or Ukrainian words are used, the same slots are found', () => {
    expect(slotsOf('كم صرفنا على فيسبوك')).to.deep.equal({ platforms: ['meta'], metrics: ['spend'] });
    expect(slotsOf('el sarf bta3 tiktok embare7')).to.deep.equal({
      platforms: ['tiktok'],
      metrics: ['spend'],
    });
    expect(slotsOf('ціна за клік у гуглі')).to.deep.equal({ platforms: ['google'], metrics: ['cpc'] });
  });

  it('when keywords are mistyped, they are corrected; ordinary words are left alone', () => {
    expect(correctTypo('yestarday')).to.equal('yesterday');
    expect(correctTypo('facebok')).to.equal('facebook');
    expect(correctTypo('convrsions')).to.equal('conversions');
    for (const word of ['changed', 'warnings', 'meaning', 'worse', 'pause', 'rose']) {
      expect(correctTypo(word), word).to.equal(word);
    }
  });

  it('when the script or Arabizi cues say so, the language is detected', () => {
    expect(detectLanguage('fb roas yday?')).to.equal('en');
    expect(detectLanguage('كم صرفنا امبارح')).to.equal('ar');
    expect(detectLanguage('el sarf el osbo3 elly fat')).to.equal('ar');
    expect(detectLanguage('скільки витратили вчора')).to.equal('uk');
    expect(detectLanguage('l7d roas q3')).to.equal('en');
  });

  it('when text carries emoji, Arabic-Indic digits and letter variants, it is normalised', () => {
    expect(normalizeText('🔥 FB ROAS?? آخر ٧ أيام')).to.equal('fb roas اخر 7 ايام');
  });
});
