import { expect } from 'chai';
import { BSONRegExp } from 'bson';
import { ev, expectCode } from './test-support.js';

describe('aggregate expressions: strings', () => {
  it('when $concat gets strings it joins them; null gives null; numbers fail with 16702', () => {
    expect(ev({ $concat: ['$item', ' - ', '$description'] }, { item: 'abc', description: 'product 1' })).to.equal('abc - product 1');
    expect(ev({ $concat: ['a', null] })).to.equal(null);
    expectCode(() => ev({ $concat: ['a', 1] }), 16702, '$concat only supports strings, not int');
  });

  it('when $substrBytes slices multi-byte text, it counts UTF-8 bytes (manual: cafétéria)', () => {
    expect(ev({ $substrBytes: ['cafétéria', 0, 5] })).to.equal('café');
    expect(ev({ $substrBytes: ['cafétéria', 5, 4] })).to.equal('tér');
    expect(ev({ $substrBytes: ['abcde', 1, -1] })).to.equal('bcde');
  });

  it('when $substrBytes starts inside a UTF-8 character, fails with 28656', () => {
    expectCode(() => ev({ $substrBytes: ['cafétéria', 7, 3] }), 28656);
  });

  it('when $substr (alias) gets a non-numeric start, fails with 16034', () => {
    expectCode(() => ev({ $substr: ['abc', 'x', 1] }), 16034, '$substrBytes:  starting index must be a numeric type (is BSON type string)');
  });

  it('when $substrCP slices, it counts code points; negative length fails with 34454', () => {
    expect(ev({ $substrCP: ['cafétéria', 0, 5] })).to.equal('cafét');
    expect(ev({ $substrCP: ['寿司sushi', 1, 3] })).to.equal('司su');
    expectCode(() => ev({ $substrCP: ['abc', 0, -1] }), 34454);
  });

  it('when $toUpper/$toLower run, only ASCII letters change; null becomes ""', () => {
    expect(ev([{ $toUpper: 'abc é' }, { $toLower: 'ABC É' }, { $toUpper: null }])).to.deep.equal(['ABC é', 'abc É', '']);
  });

  it('when $toLower gets a number, it is coerced to a string', () => {
    expect(ev({ $toLower: 12 })).to.equal('12');
  });

  it('when $trim/$ltrim/$rtrim run without chars, they strip Unicode whitespace', () => {
    expect(ev({ $trim: { input: ' \n good  bye \t\u00a0' } })).to.equal('good  bye');
    expect(ev({ $ltrim: { input: '  x  ' } })).to.equal('x  ');
    expect(ev({ $rtrim: { input: '  x  ' } })).to.equal('  x');
  });

  it('when $trim gets chars, it strips any of those code points', () => {
    expect(ev({ $trim: { input: 'ggggoodbyeeeee', chars: 'ge' } })).to.equal('oodby');
    expect(ev({ $trim: { input: null } })).to.equal(null);
  });

  it('when $trim lacks input or gets a number, fails with 50695 / 50699', () => {
    expectCode(() => ev({ $trim: { chars: 'x' } }), 50695);
    expectCode(() => ev({ $trim: { input: 5 } }), 50699);
  });

  it('when $split splits, empty separators fail with 40087', () => {
    expect(ev({ $split: ['June-15-2013', '-'] })).to.deep.equal(['June', '15', '2013']);
    expect(ev({ $split: ['a,,b,', ','] })).to.deep.equal(['a', '', 'b', '']);
    expectCode(() => ev({ $split: ['abc', ''] }), 40087);
  });

  it('when $strLenBytes and $strLenCP measure text, bytes and code points differ (manual)', () => {
    expect(ev([{ $strLenBytes: 'cafétéria' }, { $strLenBytes: '寿司' }, { $strLenCP: '寿司' }, { $strLenCP: 'cafétéria' }])).to.deep.equal([11, 6, 2, 9]);
    expectCode(() => ev({ $strLenCP: '$missing' }), 34471, '$strLenCP requires a string argument, found: missing');
  });

  it('when $indexOfBytes searches, it follows the manual examples', () => {
    expect(
      ev([
        { $indexOfBytes: ['cafeteria', 'e'] },
        { $indexOfBytes: ['cafétéria', 'é'] },
        { $indexOfBytes: ['cafétéria', 'e'] },
        { $indexOfBytes: ['cafétéria', 't'] },
        { $indexOfBytes: ['foo.bar.fi', '.', 5] },
        { $indexOfBytes: ['vanilla', 'll', 0, 2] },
        { $indexOfBytes: ['vanilla', 'll', 12] },
        { $indexOfBytes: ['vanilla', 'll', 5, 2] },
        { $indexOfBytes: [null, 'foo'] },
      ]),
    ).to.deep.equal([3, 3, -1, 5, 7, -1, -1, -1, null]);
  });

  it('when $indexOfBytes gets a negative start, fails with 40097', () => {
    expectCode(() => ev({ $indexOfBytes: ['vanilla', 'll', -1] }), 40097);
  });

  it('when $indexOfCP searches, positions are code points (manual)', () => {
    expect(ev([{ $indexOfCP: ['cafétéria', 'é'] }, { $indexOfCP: ['cafétéria', 't'] }, { $indexOfCP: ['寿司', '司'] }, { $indexOfCP: ['abc', 'c', 0, 2] }])).to.deep.equal([
      3, 4, 1, -1,
    ]);
  });

  it('when $replaceOne/$replaceAll run, they replace the first / every occurrence', () => {
    expect(ev({ $replaceOne: { input: 'blue paint blue', find: 'blue', replacement: 'red' } })).to.equal('red paint blue');
    expect(ev({ $replaceAll: { input: 'blue paint with blue paintbrush', find: 'blue', replacement: 'red' } })).to.equal('red paint with red paintbrush');
    expect(ev({ $replaceAll: { input: 'ab', find: '', replacement: '-' } })).to.equal('-a-b-');
  });

  it('when $replaceOne gets a non-string find, fails with 51745; a null one gives null', () => {
    expectCode(() => ev({ $replaceOne: { input: 'a', find: 1, replacement: 'b' } }), 51745);
    expect(ev({ $replaceOne: { input: 'a', find: null, replacement: 'b' } })).to.equal(null);
  });

  it('when $strcasecmp compares, case is ignored', () => {
    expect(ev([{ $strcasecmp: ['ABC', 'abc'] }, { $strcasecmp: ['a', 'B'] }, { $strcasecmp: ['b', 'A'] }])).to.deep.equal([0, -1, 1]);
  });
});

describe('aggregate expressions: regular expressions', () => {
  it('when $regexMatch runs, regex objects, strings and options all work', () => {
    expect(ev({ $regexMatch: { input: 'Hello World', regex: /world/i } })).to.equal(true);
    expect(ev({ $regexMatch: { input: 'Hello World', regex: 'world' } })).to.equal(false);
    expect(ev({ $regexMatch: { input: 'Hello World', regex: 'world', options: 'i' } })).to.equal(true);
    expect(ev({ $regexMatch: { input: 'Hello', regex: new BSONRegExp('^h', 'i') } })).to.equal(true);
  });

  it('when $regexMatch input is missing, the result is false', () => {
    expect(ev({ $regexMatch: { input: '$missing', regex: 'a' } })).to.equal(false);
  });

  it('when $regexFind matches, it reports match, code point index and captures', () => {
    expect(ev({ $regexFind: { input: 'abc123', regex: '(\\d)(\\d)' } })).to.deep.equal({ match: '12', idx: 3, captures: ['1', '2'] });
    expect(ev({ $regexFind: { input: 'cafétéria', regex: 't' } })).to.deep.equal({ match: 't', idx: 4, captures: [] });
    expect(ev({ $regexFind: { input: 'abc', regex: 'z' } })).to.equal(null);
  });

  it('when a capture group does not participate, its capture is null', () => {
    expect(ev({ $regexFind: { input: 'ac', regex: 'a(b)?c' } })).to.deep.equal({ match: 'ac', idx: 0, captures: [null] });
  });

  it('when $regexFindAll runs, it returns non-overlapping matches and steps over empty ones', () => {
    expect(ev({ $regexFindAll: { input: 'abcab', regex: 'a(b)' } })).to.deep.equal([
      { match: 'ab', idx: 0, captures: ['b'] },
      { match: 'ab', idx: 3, captures: ['b'] },
    ]);
    expect((ev({ $regexFindAll: { input: 'ab', regex: 'x*' } }) as unknown[]).length).to.equal(2);
    expect(ev({ $regexFindAll: { input: null, regex: 'a' } })).to.deep.equal([]);
  });

  it('when the x option is given, whitespace and comments in the pattern are ignored', () => {
    expect(ev({ $regexMatch: { input: 'abc', regex: 'a b c # letters', options: 'x' } })).to.equal(true);
  });

  it('when options are given twice or a flag is invalid, fails with 51107 / 51108', () => {
    expectCode(() => ev({ $regexMatch: { input: 'a', regex: /a/i, options: 'm' } }), 51107);
    expectCode(() => ev({ $regexMatch: { input: 'a', regex: 'a', options: 'q' } }), 51108);
  });

  it('when the input is not a string or the pattern is invalid, fails with 51104 / 51111', () => {
    expectCode(() => ev({ $regexMatch: { input: 5, regex: 'a' } }), 51104, "$regexMatch needs 'input' to be of type string");
    expectCode(() => ev({ $regexMatch: { input: 'a', regex: '(' } }), 51111);
  });
});
