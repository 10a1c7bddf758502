import type { ChatCatalog } from './catalog.js';

const GRANULARITY = { day: 'يوم', week: 'أسبوع', month: 'شهر' } as const;
const ALERT_KINDS = {
  sync_failed: 'فشل المزامنة',
  rule_fired: 'تم تفعيل قاعدة',
  anomaly: 'حالة غير معتادة',
} as const;

export const ar: ChatCatalog = {
  // Latin digits everywhere: consistent with campaign names, dates typed by users and WhatsApp.
  locale: 'ar-u-nu-latn',
  metricNames: {
    roas: 'العائد على الإنفاق الإعلاني (ROAS)',
    spend: 'الإنفاق',
    revenue: 'الإيرادات',
    cpa: 'تكلفة الاكتساب (CPA)',
    cpc: 'تكلفة النقرة (CPC)',
    cpm: 'تكلفة الألف ظهور (CPM)',
    ctr: 'نسبة النقر (CTR)',
    conversions: 'التحويلات',
    clicks: 'النقرات',
    impressions: 'مرات الظهور',
    cvr: 'معدل التحويل',
  },
  allPlatforms: 'كل المنصات',
  campaignLabel: 'الحملة',
  platformLabel: 'المنصة',
  periodLabel: 'الفترة',
  list: (items) => new Intl.ListFormat('ar', { type: 'conjunction' }).format(items),
  metricValue: (metric, filter, period, value) => `${metric} على ${filter}، ${period}: ${value}`,
  previousValue: (period, value, change) => `الفترة السابقة (${period}): ${value} (${change})`,
  overviewTitle: (filter, period) => `ملخص ${filter}، ${period}:`,
  noData: (filter, period) => `لا توجد بيانات لـ ${filter} في ${period}.`,
  basis: (currency, timezone) => `المبالغ بعملة ${currency}؛ الأيام حسب توقيت ${timezone}.`,
  freshness: (when) => `آخر مزامنة للبيانات: ${when}.`,
  neverSynced: 'لم تتم مزامنة هذه البيانات بعد.',
  unsettled: 'قد تتغير أرقام الأيام الأخيرة مع وصول تحويلات متأخرة.',
  defaultPeriod: (period) => `لم تُذكر فترة، لذا هذه أرقام ${period}.`,
  futurePeriod: (period) => `الفترة ${period} لم تأتِ بعد، فلا توجد أرقام مقاسة لها.`,
  compareTitle: (metric, period, filter) => `مقارنة ${metric}، ${period} (${filter}):`,
  topTitle: (direction, count, of, metric, period, filter) =>
    `${direction === 'top' ? 'أفضل' : 'أضعف'} ${count} ${of === 'campaigns' ? 'حملات' : 'منصات'} حسب ${metric}، ${period} (${filter}):`,
  trendSummary: (metric, first, last, highest, lowest) =>
    `${metric} انتقل من ${first} إلى ${last}؛ الأعلى ${highest}، الأدنى ${lowest}.`,
  trendTitle: (metric, filter, period, granularity) =>
    `${metric} لكل ${GRANULARITY[granularity]} على ${filter}، ${period}:`,
  askCampaign: (fragment, options) => `"${fragment}" يطابق أكثر من حملة. أيّها تقصد: ${options.join(' / ')}؟`,
  campaignUnknown: (names) => `لم أجد الحملة ${names.join('، ')}.`,
  budgetUnavailable: 'نصائح الميزانية غير متاحة: إضافة التنبؤ (ML) غير مثبتة في مساحة عملك.',
  budgetNoModel: 'نصائح الميزانية غير متاحة بعد: لا يوجد نموذج مدرَّب على بياناتك.',
  budgetTitle: (period, filter) => `الميزانيات اليومية المقترحة لـ ${period} (${filter}):`,
  budgetLine: (label, current, suggested) => `• ${label}: ${current} ← ${suggested}`,
  budgetExpected: (roas) => `العائد المتوقع على الإنفاق بهذا التوزيع: ${roas}.`,
  alertsNone: (since) => `لا توجد تنبيهات منذ ${since}.`,
  alertsTitle: (count, since) => `عدد التنبيهات منذ ${since}: ${count}`,
  alertLine: (kind, when, source, summary) => `• ${when} — ${ALERT_KINDS[kind]} (${source}): ${summary}`,
  alertsUnavailable: 'التنبيهات غير متاحة حالياً.',
  competitorsUnavailable: 'معلومات المنافسين غير متاحة بعد في مساحة عملك.',
  competitorActivity: (name, active, recent, lastSeen) =>
    `${name}: ${active} إعلانات نشطة، ${recent} جديدة خلال آخر 7 أيام (آخر ظهور ${lastSeen}).`,
  competitorUnknown: (name) => `لا أتابع منافساً باسم ${name}.`,
  help:
    'أجيب عن أسئلة أداء إعلاناتك: مقياس خلال فترة ("roas ميتا أمس")، مقارنات ("إنفاق جوجل مقابل تيك توك الأسبوع الماضي")، ' +
    'ترتيب الحملات ("أفضل 5 حملات حسب الإيرادات هذا الشهر")، الاتجاهات، التنبيهات الأخيرة، ونصائح الميزانية مع إضافة التنبؤ.',
  smalltalk: 'أهلاً! اسألني عن حملاتك، مثلاً "roas أمس" أو "أفضل الحملات الأسبوع الماضي".',
  unknown:
    'عذراً، هذا خارج ما أستطيع المساعدة فيه. أستطيع الإجابة عن مقاييس إعلاناتك وترتيبها واتجاهاتها وتنبيهاتها.',
  actionRequest:
    'لا أُجري تغييرات على الحملات من المحادثة. يُرجى إجراء هذا التغيير من لوحة تحكم Stratum حيث تتم مراجعته وتسجيله.',
  suggestions: ['roas أمس', 'أفضل 5 حملات الأسبوع الماضي', 'اتجاه الإنفاق آخر 30 يوم'],
};
