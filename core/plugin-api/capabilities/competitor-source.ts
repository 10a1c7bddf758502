import type { CallContext, SyncBatch } from '../call-context.js';
import type { JsonObject } from '../json.js';

/** A competitor as the source identifies it (a Meta page id, a domain…). */
export interface CompetitorRef {
  readonly externalId: string;
  readonly name: string;
}

/** One ad seen for a competitor. */
export interface CompetitorAd {
  readonly externalId: string;
  readonly competitorExternalId: string;
  /** Where it runs (`facebook`, `instagram`, `google_search`…). */
  readonly placements: readonly string[];
  readonly firstSeen: string;
  readonly lastSeen: string | null;
  readonly headline: string | null;
  readonly body: string | null;
  readonly landingUrl: string | null;
  readonly mediaUrls: readonly string[];
  /** Spend range when the source publishes one (political/EU ads), minor units. */
  readonly spendRangeCents: {
    readonly lower: number;
    readonly upper: number;
    readonly currency: string;
  } | null;
}

/** A source of competitors' ads (Meta Ad Library, a crawler…). */
export interface CompetitorSource<TState extends JsonObject = JsonObject> {
  /** Finds competitors by name or domain, for the console's picker. */
  searchCompetitors(query: string, ctx: CallContext): Promise<readonly CompetitorRef[]>;
  /** Ads new or changed since the checkpoint `state` (`undefined`: from the beginning), in pages. */
  adsSince(
    competitor: CompetitorRef,
    state: TState | undefined,
    ctx: CallContext,
  ): AsyncIterable<SyncBatch<CompetitorAd, TState>>;
}
