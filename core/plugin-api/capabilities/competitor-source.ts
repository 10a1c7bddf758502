import type { CallContext, SyncBatch } from '../call-context.js';
import type { JsonObject } from '../json.js';

/** A competitor as the source identifies it (a Meta page id, a domain…), for the console's picker. */
export interface CompetitorRef {
  readonly externalId: string;
  readonly name: string;
}

/**
 * What the host asks a source about one tracked competitor. Sources that search an archive
 * (the Meta Ad Library) need `countries`: the archive only answers for the countries named.
 */
export interface CompetitorQuery {
  /** The host's competitor id, copied onto every ad. */
  readonly competitorId: string;
  readonly name: string;
  /** Advertiser ids on the source (Meta Page ids). */
  readonly pageIds: readonly string[];
  /** Keywords searched when no page id is known. */
  readonly searchTerms: readonly string[];
  /** ISO 3166-1 alpha-2 codes where the ads were delivered. */
  readonly countries: readonly string[];
}

/**
 * A range a source publishes instead of a number (`kind: 'range'` so no consumer mistakes it for
 * an exact figure). `upper` is `null` when the source gives an open range ("1M+").
 */
export interface PublishedRange {
  readonly kind: 'range';
  readonly lower: number;
  readonly upper: number | null;
}

/** A spend range in minor units of `currency`. */
export interface PublishedMoneyRange extends PublishedRange {
  readonly currency: string;
}

/** Creative texts of an ad: one entry per card or version, as the source lists them. */
export interface CompetitorCreative {
  readonly bodies: readonly string[];
  readonly linkTitles: readonly string[];
  readonly linkDescriptions: readonly string[];
  readonly linkCaptions: readonly string[];
}

/** One ad seen for a competitor; its natural key is `(source, externalId)`. */
export interface CompetitorAd {
  /** The source's id (the Ad Library id). */
  readonly externalId: string;
  readonly competitorId: string;
  /** The advertiser on the source (Page id) and its name, when given. */
  readonly advertiserId: string | null;
  readonly advertiserName: string | null;
  /** Where it runs (`facebook`, `instagram`, `messenger`, `audience_network`…). */
  readonly platforms: readonly string[];
  /** ISO 639-1 codes the source detected. */
  readonly languages: readonly string[];
  /** When the advertiser created the ad (ISO 8601 UTC), not when it started running. */
  readonly createdAt: string | null;
  /** The delivery window (ISO 8601 UTC); `deliveryStop` is `null` while the ad runs. */
  readonly deliveryStart: string | null;
  readonly deliveryStop: string | null;
  readonly creative: CompetitorCreative;
  /** A link to the source's rendering of the ad (may need the source's credentials to open). */
  readonly snapshotUrl: string | null;
  /**
   * Spend as the source publishes it — for the Meta Ad Library only political and issue ads;
   * `null` for commercial ads. Never an estimate: the host does not fill it in.
   */
  readonly spendRange: PublishedMoneyRange | null;
  /** Impressions as a published range, under the same rule as `spendRange`. */
  readonly impressionsRange: PublishedRange | null;
}

/**
 * A source of competitors' ads (Meta Ad Library, a crawler…). Incremental: with the `state` of
 * the previous complete run, a source yields only ads new or changed since then.
 */
export interface CompetitorSource<TState extends JsonObject = JsonObject> {
  /** Finds competitors by name or domain, for the console's picker (may be empty). */
  searchCompetitors(query: string, ctx: CallContext): Promise<readonly CompetitorRef[]>;
  /** Ads new or changed since the checkpoint `state` (`undefined`: from the beginning), in pages. */
  adsSince(
    competitor: CompetitorQuery,
    state: TState | undefined,
    ctx: CallContext,
  ): AsyncIterable<SyncBatch<CompetitorAd, TState>>;
}
