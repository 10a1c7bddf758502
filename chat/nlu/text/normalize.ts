/**
 * Text as typed → one comparable form: lower case, Arabic letter variants folded, Arabic-Indic
 * digits made ASCII, emoji and decoration dropped. Date punctuation (`/ - . :`) is kept.
 */

const ARABIC_DIACRITICS = /[\u064b-\u065f\u0670\u0640]/g;
const ARABIC_INDIC_ZERO = 0x0660;
const PERSIAN_ZERO = 0x06f0;

/** Folds the Arabic letter variants people type interchangeably (أ/إ/آ, ى/ي, ة/ه). */
export function foldArabic(text: string): string {
  return (
    text
      .replace(ARABIC_DIACRITICS, '')
      .replace(/[أإآٱ]/g, 'ا')
      .replace(/ى/g, 'ي')
      .replace(/ة/g, 'ه')
      .replace(/ؤ/g, 'و')
      .replace(/ئ/g, 'ي')
      .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - ARABIC_INDIC_ZERO))
      .replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - PERSIAN_ZERO))
      // "للشهر" is ل + الشهر with the alef dropped: restore it so phrase rules see the article.
      .replace(/(?<![\p{L}])لل(?=\p{L}{2})/gu, 'ل ال')
      .replace(/،/g, ',')
      .replace(/؟/g, '?')
  );
}

/** The normalised text: single spaces, no leading or trailing space. */
export function normalizeText(text: string): string {
  const folded = foldArabic(text.normalize('NFKC').toLowerCase())
    // "next week's forecast": a possessive on a period word is not part of the period.
    .replace(/(?<=\b(?:day|week|month|quarter|year|today|yesterday|weekend))[’'ʼ`]s\b/g, '')
    .replace(/[’'ʼ`]/g, '')
    // "linkedin+google": a plus between words joins two names; "advantage+ shopping" keeps its plus.
    .replace(/(?<=\p{L})\+(?=\p{L})/gu, ' and ')
    .replace(/[–—]/g, ' - ')
    // "01/11 - 15/11", "1 nov - 15 nov": a spaced dash before a number joins a span.
    .replace(/(?<=[\p{L}\p{N}])\s+-\s+(?=\p{N})/gu, ' to ')
    .replace(/\p{Extended_Pictographic}/gu, ' ');
  return folded
    .replace(/[^\p{L}\p{N}\s/.:+%&?,-]/gu, ' ')
    .replace(/(\p{L})[.?,:]+(?=\s|$)/gu, '$1 ')
    .replace(/[?,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words and numbers of a normalised text (dates such as `3/10` and `2025-10-03` stay whole). */
export function tokenize(normalized: string): string[] {
  return normalized
    .split(' ')
    .map((token) => token.replace(/^[-.:+]+|[-.:+]+$/g, ''))
    .filter((token) => token.length > 0);
}

export type Language = 'en' | 'ar' | 'uk';

// prettier-ignore
const ARABIZI_WORDS = new Set([
  'embare7', 'embareh', 'mbare7', 'imbare7', 'ams', 'elnaharda', 'naharda', 'ennaharda', 'innaharda', 'el',
  'elly', 'elli', 'eli', 'ely', 'fat', 'fatt', 'osbo3', 'esbo3', 'usbu3', 'shahr', 'sha7r', 'kam', 'ad', 'eh',
  'ehh', 'eih', 'shu', 'shou', 'sho', 'keef', 'kif', 'ezay', 'izzay', 'ezzay', 'sarafna', 'sarfna', 'sarf',
  'masroof', 'masrouf', 'mabi3at', 'mabee3at', 'a5er', 'akher', 'akhir', 'ayam', 'iyam', 'yom', 'youm',
  'ya3ni', 'yalla', 'habibi', 'marhaba', 'ahlan', 'shukran', 'shokran', 'mashi', 'tamam', '3ayez', '3awez',
  'ana', 'enta', 'inta', 'feen', 'fen', 'leh', 'lesh', 'lei', 'wa2ef', 'wa2fa', 'mo2arna', '2aren', 'qaren',
  'ahsan', 'a7san', 'aswa2', 'awsa3', 'de', 'da', 'dah', 'di', 'keda', 'wel', 'walla', 'wala', 'bta3', 'beta3',
  'ta3', 'men', 'mn', 'ala', '3ala', 'el3aam', 'gay', 'gai', 'jay', 'elgay', 'elshahr', 'elosbo3', 'emta',
  'fi', 'fe', 'feh', 'kteer', 'ktir', 'ra7', 'hal', 'hay', 'hayda', 'hadi', 'hatha', 'sabah', 'masa2', 'salam',
  'meen', 'min', 'mesh', 'msh', 'ma3lesh', 'law', 'ba2a', 'bas', 'mawdoo3', 'ya', 'shokran', 'ahlain',
]);
/** Arabizi words carry digits for letters Latin lacks (3 = ع, 7 = ح, 2 = ء, 5 = خ). */
const ARABIZI_DIGIT_WORD = /^(?=.*[a-z])(?=.*[2357])[a-z]*[a-z][2357][a-z]*[2357]?[a-z]*$|^[2357][a-z]{2,}$/;
const NOT_ARABIZI = /^(l\d+d|q[1-4]|\d+(st|nd|rd|th|d|w|m)|[a-z]\d+|h[12]|\d+[a-z]{1,2})$/;

/** The language of a message: script first, then Arabizi cues for Latin text. */
export function detectLanguage(text: string): Language {
  const arabic = (text.match(/[\u0600-\u06ff]/g) ?? []).length;
  const cyrillic = (text.match(/[\u0400-\u04ff]/g) ?? []).length;
  if (arabic > 0 && arabic >= cyrillic) return 'ar';
  if (cyrillic > 0) return 'uk';
  const words = tokenize(normalizeText(text));
  let cues = 0;
  for (const word of words) {
    if (NOT_ARABIZI.test(word)) continue;
    if (ARABIZI_DIGIT_WORD.test(word)) cues += 2;
    else if (ARABIZI_WORDS.has(word)) cues += 1;
  }
  return cues >= 2 || (cues === 1 && words.length <= 2) ? 'ar' : 'en';
}
