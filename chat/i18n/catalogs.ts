import { ar } from './ar.js';
import type { ChatCatalog, ChatCatalogs } from './catalog.js';
import { en } from './en.js';
import { uk } from './uk.js';
import type { ChatLanguage } from '../engine/chat-engine.js';

export const CHAT_CATALOGS: ChatCatalogs = { en, ar, uk };

export function catalogOf(language: ChatLanguage): ChatCatalog {
  return CHAT_CATALOGS[language];
}

/** `ar-EG`, `uk_UA`, `en` → a supported language, or undefined. */
export function languageOfLocale(locale: string | undefined): ChatLanguage | undefined {
  const primary = locale?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' || primary === 'ar' || primary === 'uk' ? primary : undefined;
}
