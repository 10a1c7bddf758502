/**
 * `$regex` support: MongoDB evaluates PCRE patterns; we translate the common PCRE-only syntax to
 * JavaScript RegExp (`x` extended mode, `\A` `\z` `\Z` anchors, `\Q…\E` quoting, `(?P<name>…)`
 * groups, a leading `(?imsx)` flag group, `\x{…}`). Patterns relying on other PCRE features
 * (possessive quantifiers, atomic groups, recursion) fail with MongoDB's "Regular expression is
 * invalid" error. Known divergence: PCRE `$` without `m` also matches before a final newline.
 */
import { MongoServerError, serverError } from '../errors.js';

const VALID_OPTIONS = new Set(['i', 'm', 's', 'x', 'u']);

/** A compiled query regex plus the pattern/options it was written with (for regex equality). */
export interface QueryRegex {
  readonly pattern: string;
  readonly options: string;
  readonly regex: RegExp;
}

/** Compiles a MongoDB regex (pattern + option letters) once; throws the server's parse errors. */
export function compileQueryRegex(pattern: string, options: string): QueryRegex {
  for (const option of options) {
    if (!VALID_OPTIONS.has(option)) {
      throw new MongoServerError(51108, ` invalid flag in regex options: ${option}`);
    }
  }
  if (pattern.includes('\0')) {
    throw serverError('BadValue', 'Regular expression cannot contain an embedded null byte');
  }
  const leading = /^\(\?([imsx]+)\)/.exec(pattern);
  let source = leading ? pattern.slice(leading[0].length) : pattern;
  const flags = new Set(options + (leading ? (leading[1] as string) : ''));
  if (flags.has('x')) source = stripExtended(source);
  const unicode = /\\[pPx]\{|\\[pP][A-Z]/.test(source);
  source = translatePcre(source, unicode);
  let jsFlags = '';
  if (flags.has('i')) jsFlags += 'i';
  if (flags.has('m')) jsFlags += 'm';
  if (flags.has('s')) jsFlags += 's';
  if (unicode) jsFlags += 'u';
  try {
    return { pattern, options: [...new Set(options)].sort().join(''), regex: new RegExp(source, jsFlags) };
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new MongoServerError(51091, `Regular expression is invalid: ${reason}`);
  }
}

/** Removes unescaped whitespace and `#` comments outside character classes (PCRE_EXTENDED). */
export function stripExtended(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\') {
      out += source.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
      out += char;
    } else if (char === '[') {
      inClass = true;
      out += char;
    } else if (char === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (!/\s/.test(char)) {
      out += char;
    }
  }
  return out;
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Rewrites PCRE escapes and group syntax that JavaScript spells differently. */
function translatePcre(source: string, unicode: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (next === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const literal = source.slice(i + 2, end < 0 ? source.length : end);
        out += escapeLiteral(literal);
        i = end < 0 ? source.length : end + 1;
        continue;
      }
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'z') out += '(?![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?=\\n?(?![\\s\\S]))';
      else if (next === 'x' && source[i + 2] === '{' && unicode) {
        const end = source.indexOf('}', i + 3);
        out += `\\u{${source.slice(i + 3, end)}}`;
        i = end - 1;
      } else out += char + next;
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += char;
      if (source[i + 1] === ']' || (source[i + 1] === '^' && source[i + 2] === ']')) {
        // A leading ']' is a literal in PCRE; JavaScript would end the class.
        const caret = source[i + 1] === '^';
        out += caret ? '^\\]' : '\\]';
        i += caret ? 2 : 1;
      }
      continue;
    }
    if (source.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (source.startsWith('(?P=', i)) {
      const end = source.indexOf(')', i);
      out += `\\k<${source.slice(i + 4, end)}>`;
      i = end;
    } else {
      out += char;
    }
  }
  return out;
}

/** Options a regex value carries, from `$options` or the regex literal, with MongoDB's conflicts. */
export function mergeRegexOptions(literalOptions: string, optionsField: string | undefined, literalFirst: boolean): string {
  if (optionsField === undefined || optionsField === '') return literalOptions;
  if (literalOptions !== '') {
    throw new MongoServerError(literalFirst ? 51075 : 51074, 'options set in both $regex and $options');
  }
  return optionsField;
}
