/**
 * The few fixed replies a WhatsApp channel sends without asking the engine, in the language the
 * sender wrote in (Arabic or Cyrillic script → Arabic or Ukrainian, else English). They never
 * carry numbers or say anything about a tenant.
 */
import type { ChatLanguage } from '../../engine/chat-engine.js';

export type ChannelNotice = 'notLinked' | 'unsupportedType' | 'tooLong' | 'failed';

const NOTICES: Readonly<Record<ChatLanguage, Readonly<Record<ChannelNotice, string>>>> = {
  en: {
    notLinked:
      'Hello! This number is not linked to a Stratum user yet, so I cannot share any data. Ask your Stratum admin to add this phone number to your user profile.',
    unsupportedType: 'Sorry, I can only read text questions, e.g. "meta roas last week?".',
    tooLong: 'That message is too long for me. Please ask one short question at a time.',
    failed: 'Sorry, something went wrong while preparing your answer. Please try again in a moment.',
  },
  ar: {
    notLinked:
      'مرحباً! هذا الرقم غير مرتبط بمستخدم في Stratum بعد، لذلك لا يمكنني مشاركة أي بيانات. اطلب من مسؤول Stratum إضافة هذا الرقم إلى ملفك الشخصي.',
    unsupportedType: 'عذراً، أستطيع قراءة الأسئلة النصية فقط، مثل "عائد الإنفاق على ميتا الأسبوع الماضي؟".',
    tooLong: 'هذه الرسالة طويلة جداً. من فضلك اسأل سؤالاً قصيراً واحداً في كل مرة.',
    failed: 'عذراً، حدث خطأ أثناء تحضير الإجابة. حاول مرة أخرى بعد قليل.',
  },
  uk: {
    notLinked:
      'Вітаю! Цей номер ще не прив’язаний до користувача Stratum, тому я не можу ділитися даними. Попросіть адміністратора Stratum додати цей номер до вашого профілю.',
    unsupportedType: 'Вибачте, я розумію лише текстові запитання, наприклад «roas meta за минулий тиждень?».',
    tooLong: 'Це повідомлення задовге. Будь ласка, ставте одне коротке запитання за раз.',
    failed: 'Вибачте, під час підготовки відповіді сталася помилка. Спробуйте ще раз трохи згодом.',
  },
};

/** The script a text is written in decides; locale `ar*`/`uk*` decides when there is no text. */
export function noticeLanguage(text: string | null, locale?: string): ChatLanguage {
  if (text !== null && /[\u0600-\u06FF]/.test(text)) return 'ar';
  if (text !== null && /[\u0400-\u04FF]/.test(text)) return 'uk';
  if (locale?.startsWith('ar') === true) return 'ar';
  if (locale?.startsWith('uk') === true) return 'uk';
  return 'en';
}

export function channelNotice(notice: ChannelNotice, language: ChatLanguage): string {
  return NOTICES[language][notice];
}
