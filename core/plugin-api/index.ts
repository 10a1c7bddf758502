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
export type {
  CompetitorAd,
  CompetitorCreative,
  CompetitorQuery,
  CompetitorRef,
  CompetitorSource,
  PublishedMoneyRange,
  PublishedRange,
} from './capabilities/competitor-source.js';
export {
  MAX_WINDOW_DAYS,
  NOTIFY_CHANNELS,
  RULE_METRICS,
  RULE_MONEY_METRICS,
  RULE_OPERATORS,
  ruleActionSchema,
  ruleConditionSchema,
  ruleConditionTreeSchema,
  ruleDataGuardsSchema,
  ruleDefinitionSchema,
  ruleScheduleSchema,
  ruleScopeSchema,
  ruleWindowSchema,
} from './capabilities/rules-engine.js';
export type {
  NotifyChannel,
  PlannedRuleAction,
  RuleAction,
  RuleCampaignSnapshot,
  RuleCampaignVerdict,
  RuleCondition,
  RuleConditionNode,
  RuleConditionTrace,
  RuleDataGuards,
  RuleDaySpan,
  RuleDefinition,
  RuleDefinitionInput,
  RuleEvaluation,
  RuleEvaluationInput,
  RuleMetric,
  RuleOperator,
  RuleSchedule,
  RuleScope,
  RuleTemplate,
  RuleWindow,
  RuleWindowRequest,
  RuleWindowValues,
  RulesEngine,
} from './capabilities/rules-engine.js';
export type {
  ClearIdentifiers,
  ConversionActionSource,
  ConversionDestination,
  ConversionEvent,
  ConversionEventOutcome,
  ConversionPlatform,
  ConversionPlatformLimits,
  ConversionUploadResult,
  ConversionsSink,
  HashedIdentifiers,
  StandardConversionEvent,
} from './capabilities/conversions-sink.js';
export { CONVERSION_PLATFORMS, STANDARD_CONVERSION_EVENTS } from './capabilities/conversions-sink.js';
export type { HealthCheck, HealthResult, HealthStatus } from './capabilities/health-check.js';
export type {
  BacktestScore,
  BudgetAllocation,
  BudgetConstraints,
  BudgetOptimizationRequest,
  CampaignAllocation,
  CurveMetric,
  CurvePoint,
  Estimate,
  FittedResponseCurve,
  Forecast,
  ForecastMetric,
  ForecastPoint,
  ForecastRequest,
  OptimizationObjective,
  PredictionScope,
  Predictor,
  ResponseCurve,
  ResponseCurveRequest,
  ResponseCurveSet,
  SeriesForecast,
  UnfittedResponseCurve,
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
  ApiVersionDeclaration,
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
