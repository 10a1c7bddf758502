/**
 * The capabilities the host calls outside syncs (channels, campaign actions, predictors), wrapped
 * so every call goes through one guarded runner: timeout, abort, result validation and the
 * installation's circuit breaker. The runtime supplies the runner per installation.
 */
import { z } from 'zod';
import { PluginError, calendarDaySchema } from '../plugin-api/index.js';
import type { CallContext, CampaignActions, Channel } from '../plugin-api/index.js';
import { isPredictorRefusalCode } from '../plugin-api/capabilities/predictor.js';
import type { Predictor } from '../plugin-api/capabilities/predictor.js';
import { isPluginError } from '../plugin-api/plugin-error.js';
import { scrubSecrets } from './plugin-secrets.js';

/** Runs one capability call through the installation's guard; the result must match `schema`. */
export type GuardedRunner = <T>(
  what: string,
  ctx: CallContext,
  schema: z.ZodType,
  fn: (inner: CallContext) => Promise<T>,
) => Promise<T>;

const sendResultSchema = z.looseObject({ messageExternalId: z.string().min(1), acceptedAt: z.string() });
const inboundMessagesSchema = z
  .array(
    z.looseObject({
      messageExternalId: z.string().min(1),
      from: z.string().min(1),
      text: z.string(),
      receivedAt: z.string(),
    }),
  )
  .max(10_000);
const webhookVerificationSchema = z.union([
  z.object({ accepted: z.literal(true), responseBody: z.string() }),
  z.object({ accepted: z.literal(false) }),
]);
const actionResultSchema = z.looseObject({
  campaign: z.object({ accountExternalId: z.string(), campaignExternalId: z.string() }),
  effectiveFrom: calendarDaySchema,
  platformResponse: z.json(),
});
const predictorAnswerSchema = z.union([
  z.object({ refusal: z.instanceof(PluginError) }),
  z.object({ value: z.looseObject({}) }),
]);

export function guardedChannel(run: GuardedRunner, channel: Channel): Channel {
  return {
    send: (message, ctx) => run('send', ctx, sendResultSchema, (inner) => channel.send(message, inner)),
    verifyWebhook: (request, ctx) =>
      run('verifyWebhook', ctx, webhookVerificationSchema, (inner) => channel.verifyWebhook(request, inner)),
    receive: (request, ctx) =>
      run('receive', ctx, inboundMessagesSchema, (inner) => channel.receive(request, inner)),
  };
}

export function guardedActions(run: GuardedRunner, actions: CampaignActions): CampaignActions {
  return {
    pause: (campaign, ctx) =>
      run('pause', ctx, actionResultSchema, (inner) => actions.pause(campaign, inner)),
    resume: (campaign, ctx) =>
      run('resume', ctx, actionResultSchema, (inner) => actions.resume(campaign, inner)),
    setDailyBudget: (campaign, cents, ctx) =>
      run('setDailyBudget', ctx, actionResultSchema, (inner) =>
        actions.setDailyBudget(campaign, cents, inner),
      ),
  };
}

/**
 * A predictor's refusals (`ML_*` codes: not enough data, infeasible constraints) are its answer
 * about the request, not a failure: they pass the guard as values, so the breaker never counts
 * them, and are thrown again afterwards with secrets scrubbed.
 */
export function guardedPredictor(
  run: GuardedRunner,
  predictor: Predictor,
  secrets: readonly string[],
): Predictor {
  type Answer<T> = { readonly value: T } | { readonly refusal: PluginError };
  const answer = async <T>(what: string, ctx: CallContext, fn: (inner: CallContext) => Promise<T>) => {
    const result = await run<Answer<T>>(what, ctx, predictorAnswerSchema, async (inner) => {
      try {
        return { value: await fn(inner) };
      } catch (error) {
        if (!isPluginError(error) || !isPredictorRefusalCode(error.code)) throw error;
        const message = scrubSecrets(error.message, secrets);
        return { refusal: new PluginError(error.kind, message, { code: error.code }) };
      }
    });
    if ('refusal' in result) throw result.refusal;
    return result.value;
  };
  return {
    forecast: (request, ctx) => answer('forecast', ctx, (inner) => predictor.forecast(request, inner)),
    responseCurves: (request, ctx) =>
      answer('responseCurves', ctx, (inner) => predictor.responseCurves(request, inner)),
    optimizeBudget: (request, ctx) =>
      answer('optimizeBudget', ctx, (inner) => predictor.optimizeBudget(request, inner)),
  };
}
