import type { JsonObject, JsonValue } from './json.js';
import type { JobSchedule } from './manifest.js';
import type { AdAccount, Campaign, DailyMetric } from './records.js';

/** Structured logger already bound to the plugin, its version and the tenant. Never log secrets. */
export interface PluginLogger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** A logger with extra bound fields (e.g. `{ accountExternalId }`). */
  child(fields: Readonly<Record<string, unknown>>): PluginLogger;
}

/** The tenant an installation belongs to. */
export interface TenantInfo {
  readonly id: string;
  readonly slug: string;
  /** Reporting currency (ISO 4217). */
  readonly currency: string;
  /** Reporting time zone (IANA); request ranges are days in this zone. */
  readonly timezone: string;
}

/** A stored record carries the platform it came from. */
export type Stored<TRecord> = TRecord & { readonly platform: string };

/** Filter of stored campaigns. */
export interface CampaignFilter {
  readonly platform?: string;
  readonly accountExternalId?: string;
  readonly statuses?: readonly Campaign['status'][];
}

/** Query of stored daily metrics (days inclusive, in the accounts' time zones). */
export interface DailyMetricQuery {
  readonly from: string;
  readonly to: string;
  readonly platform?: string;
  readonly campaignExternalIds?: readonly string[];
}

/**
 * Read access to the installation's tenant's synced data. It is bound to one tenant: there is no
 * way to name another. Writes go through ingest (what capabilities yield), never through here.
 */
export interface TenantDataAccess {
  listAdAccounts(platform?: string): Promise<readonly Stored<AdAccount>[]>;
  listCampaigns(filter?: CampaignFilter): Promise<readonly Stored<Campaign>[]>;
  /** Rows in account currency, with the tenant-currency amounts ingest computed beside them. */
  dailyMetrics(
    query: DailyMetricQuery,
  ): Promise<
    readonly Stored<
      DailyMetric & { readonly spendCentsTenant: number | null; readonly revenueCentsTenant: number | null }
    >[]
  >;
}

/**
 * Small durable key-value store private to one installation (per tenant and plugin): cursors a
 * plugin keeps between runs, simulated state, token expiry notes. Values are JSON.
 */
export interface PluginStateStore {
  get(key: string): Promise<JsonValue | undefined>;
  set(key: string, value: JsonValue): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * KPI names the KPI service computes, always from sums (ROAS = Σrevenue / Σspend), never
 * averaged ratios. Money KPIs (spend, revenue, cpa, cpc, cpm, aov) are integer minor units of
 * the tenant's currency; cpm is per 1,000 impressions.
 */
export type KpiName =
  | 'spend'
  | 'revenue'
  | 'roas'
  | 'cpa'
  | 'cpc'
  | 'cpm'
  | 'ctr'
  | 'cvr'
  | 'aov'
  | 'impressions'
  | 'clicks'
  | 'conversions';

/**
 * A KPI query: inclusive calendar days in the tenant's time zone (metric days are each ad
 * account's own days), optional filters by platform, account and campaign external ids.
 */
export interface KpiQuery {
  readonly from: string;
  readonly to: string;
  readonly kpis: readonly KpiName[];
  /**
   * One row per day, week (Monday–Sunday), month, platform, account or campaign; without it,
   * one row of totals (`group: null`).
   */
  readonly groupBy?: 'day' | 'week' | 'month' | 'platform' | 'account' | 'campaign';
  readonly platforms?: readonly string[];
  readonly accountIds?: readonly string[];
  readonly campaignIds?: readonly string[];
  /** Adds each row's values over the comparison period as `previous`. */
  readonly compare?: 'previous_period' | 'previous_year';
}

/** KPI values per group; money in the tenant's minor units, ratios as numbers or `null` when undefined. */
export interface KpiResult {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly timezone: string;
  readonly rows: readonly {
    /**
     * The day or period start (`YYYY-MM-DD`), the platform, the account's or the campaign's
     * external id; `null` for totals.
     */
    readonly group: string | null;
    readonly values: Readonly<Partial<Record<KpiName, number | null>>>;
    /** With `compare`: the aligned comparison period's values. */
    readonly previous?: Readonly<Partial<Record<KpiName, number | null>>>;
  }[];
  /**
   * Rows without an FX rate: excluded from money sums, their events still counted. 0 when
   * every row was priced.
   */
  readonly unpricedRows: number;
}

/** The KPI service as plugins see it: the host's one KPI service, bound to the installation's tenant. */
export interface KpiService {
  /** Throws a `PluginError` (kind `system`, code `PLUGINS_KPI_QUERY_INVALID`) for a malformed query. */
  query(query: KpiQuery): Promise<KpiResult>;
}

/** Schedules the plugin's own jobs (names from its manifest) for its installation. */
export interface PluginScheduler {
  /** Replaces the job's schedule. */
  schedule(jobName: string, schedule: JobSchedule, data?: JsonObject): Promise<void>;
  /** Queues one run now; resolves with the run's id. */
  runNow(jobName: string, data?: JsonObject): Promise<string>;
  cancel(jobName: string): Promise<void>;
}

/** Typed events of the host bus, all scoped to the installation's tenant. */
export interface PluginEventMap {
  'sync.completed': {
    readonly pluginId: string;
    readonly runId: string;
    readonly rows: number;
    readonly from: string;
    readonly to: string;
  };
  /**
   * The tenant's synced data changed (a sync finished): cached KPIs are stale. `from`/`to`
   * (calendar days) and `platforms` say what the sync touched, when the publisher knows.
   */
  'kpis.changed': {
    readonly dataVersion: number;
    readonly from?: string;
    readonly to?: string;
    readonly platforms?: readonly string[];
  };
  'rule.fired': { readonly ruleId: string; readonly campaignExternalId: string; readonly action: string };
  'alert.raised': {
    readonly severity: 'info' | 'warning' | 'critical';
    readonly title: string;
    readonly details?: JsonObject;
  };
  'plugin.status': { readonly pluginId: string; readonly status: string; readonly message: string };
}

/** Name of a bus event. */
export type PluginEventName = keyof PluginEventMap;

/** Publish/subscribe on the tenant's events (in process, or Redis pub/sub when scaled out). */
export interface PluginEventBus {
  publish<TName extends PluginEventName>(name: TName, payload: PluginEventMap[TName]): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe<TName extends PluginEventName>(
    name: TName,
    handler: (payload: PluginEventMap[TName]) => void | Promise<void>,
  ): () => void;
}

/** A cache namespaced to the tenant and plugin; values go through JSON. */
export interface PluginCache {
  get<TValue extends JsonValue>(key: string): Promise<TValue | undefined>;
  set(key: string, value: JsonValue, ttlMs: number): Promise<void>;
  /** Returns the cached value or loads, stores and returns it. */
  wrap<TValue extends JsonValue>(key: string, ttlMs: number, load: () => Promise<TValue>): Promise<TValue>;
}

/** The time, injectable so tests and simulations control it. */
export interface Clock {
  now(): Date;
}

/** Retry policy of an egress request: full-jitter exponential back-off honouring `Retry-After`. */
export interface EgressRetryOptions {
  /** Retries after the first attempt (default 2; 0 disables). */
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Statuses worth retrying (default 429, 500, 502, 503, 504). */
  readonly retryOnStatuses?: readonly number[];
}

/** One outbound HTTP request. */
export interface EgressRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | number | boolean>>;
  /** A JSON value is sent as `application/json`; a string as-is. */
  readonly body?: JsonValue | string;
  /** Per attempt (default 30 s). */
  readonly timeoutMs?: number;
  readonly retry?: EgressRetryOptions;
  readonly signal?: AbortSignal;
}

/** An HTTP answer; non-2xx statuses are returned, not thrown (the plugin classifies them). */
export interface EgressResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Parses `text` as JSON; throws a `PluginError` of kind `system` when it is not JSON. */
  json(): unknown;
  /** Attempts made, retries included (for `syncRuns.apiCalls`). */
  readonly attempts: number;
}

/**
 * Outbound HTTP with timeouts, retries and an SSRF guard: private, loopback and link-local
 * addresses are refused unless the host's egress allowlist names them. Network failures and
 * timeouts that outlive the retries throw a `PluginError` of kind `transient`.
 */
export interface EgressHttpClient {
  request(request: EgressRequest): Promise<EgressResponse>;
}

/**
 * Everything the host gives a plugin installation at setup. Types only: the host builds it per
 * (tenant, plugin); a plugin never reaches the host any other way.
 */
export interface PluginContext<TConfig = Readonly<Record<string, unknown>>> {
  readonly pluginId: string;
  readonly tenant: TenantInfo;
  /** The installation's configuration, validated by the manifest's schema, secrets decrypted. */
  readonly config: TConfig;
  readonly logger: PluginLogger;
  readonly data: TenantDataAccess;
  readonly state: PluginStateStore;
  readonly kpis: KpiService;
  readonly scheduler: PluginScheduler;
  readonly events: PluginEventBus;
  readonly cache: PluginCache;
  readonly clock: Clock;
  readonly http: EgressHttpClient;
}
