/**
 * Stratum plugin SDK: everything a plugin may import from the host. It depends on nothing else
 * in `core/`; implementations of the context live in the host.
 * @packageDocumentation
 */
export type { CallContext, SyncBatch } from './call-context.js';
export type { AdsSource, DayRange } from './capabilities/ads-source.js';
export type { CampaignActionResult, CampaignActions, CampaignRef } from './capabilities/campaign-actions.js';
export type {
  Channel,
  InboundMessage,
  InboundWebhook,
  OutboundMessage,
  SendResult,
  WebhookVerification,
} from './capabilities/channel.js';
export type { CompetitorAd, CompetitorRef, CompetitorSource } from './capabilities/competitor-source.js';
export type {
  ConversionEvent,
  ConversionUploadResult,
  ConversionsSink,
} from './capabilities/conversions-sink.js';
export type { HealthCheck, HealthResult, HealthStatus } from './capabilities/health-check.js';
export type {
  BudgetAllocation,
  BudgetOptimizationRequest,
  Forecast,
  ForecastPoint,
  ForecastRequest,
  PredictionScope,
  Predictor,
  ResponseCurve,
  ResponseCurveRequest,
} from './capabilities/predictor.js';
export type {
  CampaignFilter,
  Clock,
  DailyMetricQuery,
  EgressHttpClient,
  EgressRequest,
  EgressResponse,
  EgressRetryOptions,
  KpiName,
  KpiQuery,
  KpiResult,
  KpiService,
  PluginCache,
  PluginContext,
  PluginEventBus,
  PluginEventMap,
  PluginEventName,
  PluginLogger,
  PluginScheduler,
  PluginStateStore,
  Stored,
  TenantDataAccess,
  TenantInfo,
} from './context.js';
export { PluginManifestError, definePlugin } from './define-plugin.js';
export type {
  JobHandlers,
  JobRun,
  PluginCapabilities,
  PluginCapabilitiesByKind,
  PluginDefinition,
  PluginRegistryEntry,
  RegisteredPlugin,
} from './define-plugin.js';
export type { JsonObject, JsonValue } from './json.js';
export {
  JOB_QUEUES,
  PLUGIN_KINDS,
  PLUGIN_PERMISSIONS,
  isCronExpression,
  jobScheduleSchema,
  pluginManifestSchema,
} from './manifest.js';
export type {
  ConfigKey,
  ConfigSchema,
  JobQueue,
  JobSchedule,
  PluginKind,
  PluginManifest,
  PluginPermission,
} from './manifest.js';
export { PluginError, isPluginError } from './plugin-error.js';
export type { PluginErrorKind, PluginErrorOptions, PluginErrorSource } from './plugin-error.js';
export {
  AD_PLATFORMS,
  adAccountSchema,
  adPlatformSchema,
  adAccountStatusSchema,
  attributionSchema,
  calendarDaySchema,
  campaignObjectiveSchema,
  campaignSchema,
  campaignStatusSchema,
  currencyCodeSchema,
  dailyMetricSchema,
  isCalendarDay,
  isIanaTimeZone,
  timeZoneSchema,
} from './records.js';
export type {
  AdAccount,
  AdAccountStatus,
  AdPlatform,
  Attribution,
  Campaign,
  CampaignObjective,
  CampaignStatus,
  DailyMetric,
} from './records.js';
export { SEMVER_PATTERN, isValidVersionRange, satisfiesVersionRange } from './semver.js';
