/**
 * Splits an answer into WhatsApp-sized parts. Parts are cut at the last paragraph break, else
 * line break, else sentence end (Latin, Arabic and Ukrainian punctuation), else space that fits,
 * and only as a last resort inside a word — never inside a surrogate pair, so an emoji is never
 * halved. Lengths are UTF-16 code units, which is never fewer than what WhatsApp counts.
 */
import { WHATSAPP_TEXT_LIMIT } from './api-version.js';

const SENTENCE_END = /[.!?…؟。](?=\s)/g;

function lastMatchEnd(window: string, pattern: RegExp): number {
  let end = -1;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(window); match !== null; match = pattern.exec(window))
    end = match.index + match[0].length;
  return end;
}

/** Where to cut `text` so that the first part has at most `limit` code units (> 0). */
function cutIndex(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  // A boundary in the first fifth would leave a tiny part: prefer a later, weaker boundary.
  const minimum = Math.floor(limit / 5);
  const candidates = [
    window.lastIndexOf('\n\n', limit),
    window.lastIndexOf('\n', limit),
    lastMatchEnd(window.slice(0, limit), SENTENCE_END),
    window.lastIndexOf(' ', limit),
  ];
  for (const index of candidates) if (index > minimum) return index;
  const code = text.charCodeAt(limit - 1);
  const isHighSurrogate = code >= 0xd800 && code <= 0xdbff;
  return isHighSurrogate ? limit - 1 : limit;
}

/**
 * The parts of `text`, each at most `limit` code units (default 4,096), trimmed, none empty, in
 * order. A text within the limit is returned as one part unchanged.
 */
export function splitWhatsappText(text: string, limit: number = WHATSAPP_TEXT_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError('limit must be an integer ≥ 2');
  if (text.length <= limit) return text.trim() === '' ? [] : [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const index = cutIndex(rest, limit);
    const part = rest.slice(0, index).trimEnd();
    if (part.trim() !== '') parts.push(part);
    rest = rest.slice(index).trimStart();
  }
  if (rest.trim() !== '') parts.push(rest.trimEnd());
  return parts;
}
