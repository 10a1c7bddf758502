/** The API shapes the console reads (see the OpenAPI document at /api/v1/openapi.json). */
export interface ApiVersion {
  readonly version: string;
  readonly sunsetDate: string | null;
  readonly daysLeft: number | null;
}

export interface Installation {
  readonly id: string;
  readonly pluginId: string;
  readonly enabled: boolean;
  readonly status: string;
  readonly statusMessage: string | null;
  readonly config: Readonly<Record<string, unknown>>;
  readonly secrets: Readonly<Record<string, { readonly set: boolean }>>;
  readonly lastCheck: { readonly status: string; readonly message: string; readonly at: string } | null;
  readonly lastSync: { readonly runId: string; readonly status: string; readonly at: string } | null;
  readonly apiVersion: ApiVersion | null;
  readonly tokenExpiresInDays: number | null;
}

export interface PluginSummary {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly kind: string;
  readonly description: string;
  readonly secretFields: readonly string[];
  readonly apiVersion: ApiVersion | null;
  readonly installation: Installation | null;
}

export interface PluginDetail extends PluginSummary {
  readonly configSchema: Readonly<Record<string, unknown>>;
}

export interface SyncRun {
  readonly id: string;
  readonly installationId: string;
  readonly pluginId: string;
  readonly status: string;
  readonly queuedAt: string;
  readonly startedAt: string | null;
  readonly durationMs: number | null;
  readonly apiCalls: number;
  readonly rows: { readonly accounts: number; readonly campaigns: number; readonly metrics: number };
  readonly errors: readonly { readonly code: string; readonly message: string }[];
  readonly progress: { readonly phase: string; readonly fraction: number | null };
}

export interface Page<T> {
  readonly data: readonly T[];
  readonly nextCursor: string | null;
}
