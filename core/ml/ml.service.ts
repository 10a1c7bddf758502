/**
 * Budget advice for the API, chat (`budget_advice`) and rules: finds the tenant's enabled
 * `predictor` installation through the plugin host and calls it with a time limit. Never changes
 * a budget.
 */
import { UnavailableError, UnprocessableError } from '../errors/errors.js';
import type {
  BudgetAllocation,
  DayRange,
  Forecast,
  PredictionScope,
  Predictor,
  ResponseCurveSet,
} from '../plugin-api/index.js';
import { isPluginError } from '../plugin-api/index.js';
import { isPredictorRefusalCode } from '../plugin-api/capabilities/predictor.js';
import type { PluginRuntime } from '../plugins/plugin-runtime.js';
import type { PluginService } from '../plugins/plugin.service.js';
import type { CurvesQuery, ForecastQuery, OptimizeBody } from './ml.schemas.js';

/** Days of history a request learns from unless it names `from`/`to` (the plugin's default training window). */
export const DEFAULT_HISTORY_DAYS = 180;
const CALL_TIMEOUT_MS = 120_000;
const MS_PER_DAY = 86_400_000;

type WithPeriod<T> = T & { readonly from: string; readonly to: string };

export interface MlService {
  curves(tenantId: string, query: CurvesQuery): Promise<WithPeriod<ResponseCurveSet>>;
  forecast(tenantId: string, query: ForecastQuery): Promise<WithPeriod<Forecast>>;
  optimize(tenantId: string, body: OptimizeBody): Promise<WithPeriod<BudgetAllocation>>;
}

export interface MlServiceDeps {
  readonly plugins: Pick<PluginService, 'list'>;
  readonly runtime: Pick<PluginRuntime, 'predictor'>;
  readonly tenants: { get(tenantId: string): Promise<{ readonly timezone: string }> };
  readonly now?: () => Date;
}

function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);

function scopeOf(input: {
  readonly campaignId?: readonly string[];
  readonly platform?: readonly string[];
}): PredictionScope {
  return {
    ...(input.campaignId === undefined ? {} : { campaignExternalIds: input.campaignId }),
    ...(input.platform === undefined ? {} : { platforms: input.platform }),
  };
}

export function createMlService(deps: MlServiceDeps): MlService {
  const now = deps.now ?? (() => new Date());

  const historyOf = async (
    tenantId: string,
    input: { readonly from?: string; readonly to?: string },
  ): Promise<DayRange> => {
    const tenant = await deps.tenants.get(tenantId);
    const to = input.to ?? shift(localDay(now(), tenant.timezone), -1);
    const from = input.from ?? shift(to, -(DEFAULT_HISTORY_DAYS - 1));
    if (from > to) throw new UnprocessableError('`from` is after `to`', { code: 'ML_PERIOD_INVALID' });
    return { from, to };
  };

  const call = async <T>(
    tenantId: string,
    what: string,
    run: (predictor: Predictor, signal: AbortSignal) => Promise<T>,
  ) => {
    const summaries = await deps.plugins.list(tenantId);
    const installed = summaries.find(
      (summary) => summary.kind === 'predictor' && summary.installation?.enabled === true,
    );
    if (installed === undefined)
      throw new UnavailableError('No predictor plugin is installed and enabled for this tenant', {
        code: 'ML_PREDICTOR_UNAVAILABLE',
      });
    try {
      // The runtime guards every call (time limit, breaker accounting); refusals come back as they are.
      const predictor = await deps.runtime.predictor(tenantId, installed.id);
      return await run(predictor, AbortSignal.timeout(CALL_TIMEOUT_MS));
    } catch (error) {
      if (!isPluginError(error)) throw error;
      // The plugin's own ML_* codes say the data or the constraints make the request impossible.
      if (isPredictorRefusalCode(error.code))
        throw new UnprocessableError(error.message, { code: error.code });
      throw new UnavailableError(`The predictor failed (${what}); try again later`, {
        code: 'ML_PREDICTOR_FAILED',
      });
    }
  };

  return {
    async curves(tenantId, query) {
      const history = await historyOf(tenantId, query);
      const result = await call(tenantId, 'responseCurves', (predictor, signal) =>
        predictor.responseCurves(
          {
            scope: scopeOf(query),
            history,
            ...(query.metric === undefined ? {} : { metrics: [query.metric] }),
          },
          { signal },
        ),
      );
      return { ...history, ...result };
    },
    async forecast(tenantId, query) {
      const history = await historyOf(tenantId, query);
      const result = await call(tenantId, 'forecast', (predictor, signal) =>
        predictor.forecast(
          { scope: scopeOf(query), history, horizonDays: query.days, metrics: query.metrics },
          { signal },
        ),
      );
      return { ...history, ...result };
    },
    async optimize(tenantId, body) {
      const history = await historyOf(tenantId, body);
      const result = await call(tenantId, 'optimizeBudget', (predictor, signal) =>
        predictor.optimizeBudget(
          {
            scope: scopeOf({ campaignId: body.scope.campaignIds, platform: body.scope.platforms }),
            history,
            totalDailyBudgetCents: body.budgetCents,
            objective: body.objective,
            constraints: body.constraints,
          },
          { signal },
        ),
      );
      return { ...history, ...result };
    },
  };
}
