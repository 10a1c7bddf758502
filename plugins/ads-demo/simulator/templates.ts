import type { AdPlatform, CampaignObjective } from '../../../core/plugin-api/index.js';

/** A simulated ad account. */
export interface AccountTemplate {
  readonly key: string;
  readonly platform: AdPlatform;
  readonly externalId: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  /** Campaigns out of every 40 (standard size) and in the small set (0 = not in it). */
  readonly standardWeight: number;
  readonly smallCount: number;
}

/** A kind of campaign a platform typically runs. */
export interface CampaignTemplate {
  readonly name: string;
  readonly objective: CampaignObjective;
  /** Budget set on ad sets / ad groups, so the campaign reports no daily budget. */
  readonly budgetElsewhere?: boolean;
}

/** Platform economics: price of attention, click-through and audience. */
export interface PlatformProfile {
  readonly cpmCents: readonly [number, number];
  readonly ctr: readonly [number, number];
  readonly audience: 'consumer' | 'business';
  readonly campaigns: readonly CampaignTemplate[];
}

/** The eight accounts of the standard scenario; ids follow each platform's format. */
export const ACCOUNT_TEMPLATES: readonly AccountTemplate[] = [
  {
    key: 'meta-us',
    platform: 'meta',
    externalId: 'act_1029384756',
    name: 'Northwind – Meta US',
    currency: 'USD',
    timezone: 'America/New_York',
    standardWeight: 8,
    smallCount: 0,
  },
  {
    key: 'meta-eu',
    platform: 'meta',
    externalId: 'act_5647382910',
    name: 'Northwind – Meta EU',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    standardWeight: 5,
    smallCount: 3,
  },
  {
    key: 'google-na',
    platform: 'google',
    externalId: '4829135567',
    name: 'Northwind – Google Ads NA',
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    standardWeight: 7,
    smallCount: 0,
  },
  {
    key: 'google-uk',
    platform: 'google',
    externalId: '7310284466',
    name: 'Northwind – Google Ads UK',
    currency: 'GBP',
    timezone: 'Europe/London',
    standardWeight: 4,
    smallCount: 3,
  },
  {
    key: 'tiktok-us',
    platform: 'tiktok',
    externalId: '7091827364519283746',
    name: 'Northwind TikTok US',
    currency: 'USD',
    timezone: 'America/New_York',
    standardWeight: 4,
    smallCount: 0,
  },
  {
    key: 'tiktok-eu',
    platform: 'tiktok',
    externalId: '7188273645501928374',
    name: 'Northwind TikTok EU',
    currency: 'EUR',
    timezone: 'Europe/Paris',
    standardWeight: 3,
    smallCount: 2,
  },
  {
    key: 'snapchat-us',
    platform: 'snapchat',
    externalId: '3f2a9c1e-5b7d-4e08-9a61-c4d2e8f07b13',
    name: 'Northwind Snap US',
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    standardWeight: 4,
    smallCount: 2,
  },
  {
    key: 'linkedin-global',
    platform: 'linkedin',
    externalId: '508812345',
    name: 'Northwind B2B – LinkedIn',
    currency: 'USD',
    timezone: 'UTC',
    standardWeight: 5,
    smallCount: 2,
  },
];

/** What each platform's campaigns look like and cost. */
export const PLATFORM_PROFILES: Readonly<Record<AdPlatform, PlatformProfile>> = {
  meta: {
    cpmCents: [700, 1_400],
    ctr: [0.008, 0.02],
    audience: 'consumer',
    campaigns: [
      { name: 'Advantage+ Shopping – Evergreen', objective: 'sales' },
      { name: 'Prospecting – Broad – Purchasers', objective: 'sales' },
      { name: 'Retargeting – Cart Abandoners 7d', objective: 'sales' },
      { name: 'Lookalike 1% – Top Customers', objective: 'sales' },
      { name: 'Catalog Sales – Dynamic Product Ads', objective: 'sales' },
      { name: 'Interest Stack – Outdoor & Running', objective: 'sales', budgetElsewhere: true },
      { name: 'Brand Awareness – Reach', objective: 'awareness' },
      { name: 'Lead Ads – Newsletter Signup', objective: 'leads' },
      { name: 'Traffic – Journal Articles', objective: 'traffic' },
      { name: 'Video Views – UGC Reels', objective: 'video_views' },
      { name: 'Retargeting – Site Visitors 30d', objective: 'sales', budgetElsewhere: true },
    ],
  },
  google: {
    cpmCents: [1_200, 5_000],
    ctr: [0.02, 0.07],
    audience: 'consumer',
    campaigns: [
      { name: 'Search – Brand – Exact', objective: 'sales' },
      { name: 'Performance Max – All Products', objective: 'sales' },
      { name: 'Search – Generic – Running Shoes', objective: 'sales' },
      { name: 'Shopping – Bestsellers', objective: 'sales' },
      { name: 'Search – Competitor Terms', objective: 'traffic' },
      { name: 'YouTube – Bumper Awareness', objective: 'awareness' },
      { name: 'Display – Remarketing', objective: 'sales' },
      { name: 'Demand Gen – Lookalikes', objective: 'traffic' },
      { name: 'Search – Dynamic Search Ads', objective: 'sales' },
    ],
  },
  tiktok: {
    cpmCents: [400, 900],
    ctr: [0.006, 0.015],
    audience: 'consumer',
    campaigns: [
      { name: 'Spark Ads – Creator UGC', objective: 'sales' },
      { name: 'Smart+ – Web Conversions', objective: 'sales' },
      { name: 'Video Shopping Ads – Catalog', objective: 'sales' },
      { name: 'In-Feed – Product Demo', objective: 'traffic' },
      { name: 'Reach – New Collection Launch', objective: 'reach' },
      { name: 'Lead Generation – Style Quiz', objective: 'leads' },
    ],
  },
  snapchat: {
    cpmCents: [250, 700],
    ctr: [0.004, 0.01],
    audience: 'consumer',
    campaigns: [
      { name: 'Dynamic Product Ads – Catalog', objective: 'sales' },
      { name: 'Story Ads – Weekend Drop', objective: 'sales' },
      { name: 'Collection Ads – New In', objective: 'traffic' },
      { name: 'Commercials – Awareness', objective: 'awareness' },
      { name: 'AR Lens – Virtual Try-On', objective: 'engagement' },
    ],
  },
  linkedin: {
    cpmCents: [2_500, 6_000],
    ctr: [0.004, 0.009],
    audience: 'business',
    campaigns: [
      { name: 'Lead Gen Forms – Demo Request', objective: 'leads' },
      { name: 'Sponsored Content – Wholesale Guide', objective: 'leads' },
      { name: 'Retargeting – Website Visitors', objective: 'leads' },
      { name: 'Conversation Ads – Buyer Webinar', objective: 'engagement' },
      { name: 'Thought Leader Ads – Founder Posts', objective: 'awareness' },
      { name: 'Document Ads – Retail Trends Report', objective: 'leads' },
    ],
  },
};

/** Cost per conversion (major units) by objective: awareness campaigns convert rarely. */
export const CPA_RANGE: Readonly<Record<CampaignObjective, readonly [number, number]>> = {
  sales: [18, 75],
  leads: [25, 90],
  traffic: [40, 140],
  engagement: [80, 220],
  video_views: [120, 300],
  reach: [120, 300],
  awareness: [120, 300],
  app_promotion: [30, 90],
  other: [60, 200],
};
