/**
 * A fake ad platform for the rules tests, written to the `CampaignActions` contract: campaigns
 * live in a process-wide map the tests read, and failures can be queued per call. Its synced
 * data is written by the tests through the driver (see rules-fixtures.ts).
 */
import { z } from 'zod';
import { PluginError, definePlugin } from '../../../../core/plugin-api/index.js';
import type {
  CampaignActions,
  CampaignRef,
  CampaignStatus,
  PluginErrorKind,
} from '../../../../core/plugin-api/index.js';

export interface FakeCampaignState {
  status: CampaignStatus;
  dailyBudgetCents: number | null;
}

/** Platform state by `<tenantId>|<campaignExternalId>`, and queued failures. */
export const fakePlatform = {
  campaigns: new Map<string, FakeCampaignState>(),
  failures: [] as PluginErrorKind[],
  calls: [] as { tenantId: string; call: string; campaign: string; value?: number }[],
  reset() {
    this.campaigns.clear();
    this.failures = [];
    this.calls = [];
  },
};

function actionsFor(tenantId: string, today: () => string): CampaignActions {
  const stateOf = (ref: CampaignRef): FakeCampaignState => {
    const state = fakePlatform.campaigns.get(`${tenantId}|${ref.campaignExternalId}`);
    if (state === undefined)
      throw new PluginError('config', `Unknown campaign ${ref.campaignExternalId}`, {
        code: 'FAKE_UNKNOWN_CAMPAIGN',
      });
    return state;
  };
  const failMaybe = () => {
    const kind = fakePlatform.failures.shift();
    if (kind !== undefined)
      throw new PluginError(kind, `Injected ${kind} failure`, { code: 'FAKE_INJECTED_FAILURE' });
  };
  const setStatus = async (ref: CampaignRef, status: CampaignStatus, call: string) => {
    fakePlatform.calls.push({ tenantId, call, campaign: ref.campaignExternalId });
    failMaybe();
    const state = stateOf(ref);
    const previous = state.status;
    state.status = status;
    return {
      campaign: ref,
      previous,
      current: status,
      effectiveFrom: today(),
      platformResponse: { ok: true },
    };
  };
  return {
    pause: (ref) => setStatus(ref, 'paused', 'pause'),
    resume: (ref) => setStatus(ref, 'active', 'resume'),
    async setDailyBudget(ref, cents) {
      fakePlatform.calls.push({
        tenantId,
        call: 'setDailyBudget',
        campaign: ref.campaignExternalId,
        value: cents,
      });
      failMaybe();
      const state = stateOf(ref);
      const previous = state.dailyBudgetCents;
      state.dailyBudgetCents = cents;
      return {
        campaign: ref,
        previous,
        current: cents,
        effectiveFrom: today(),
        platformResponse: { budget: cents },
      };
    },
  };
}

export const fakeAdsPlugin = definePlugin({
  manifest: {
    id: 'fake-ads',
    name: 'Fake ads (rules tests)',
    version: '1.0.0',
    kind: 'ad-platform',
    description: 'A fake ad platform whose campaign actions the rules tests observe.',
    configSchema: z.object({ apiKey: z.string().min(4) }).strict(),
    secretFields: ['apiKey'],
    permissions: ['campaigns:act'],
    schedules: {},
    hostVersionRange: '^0.1.0',
  },
  setup(ctx) {
    const today = () => ctx.clock.now().toISOString().slice(0, 10);
    return {
      health: { check: async () => ({ status: 'ok' as const, message: 'fake' }) },
      ads: {
        listAccounts: async () => [],
        campaigns: () => ({ [Symbol.asyncIterator]: async function* () {} }),
        dailyMetrics: () => ({ [Symbol.asyncIterator]: async function* () {} }),
      },
      actions: actionsFor(ctx.tenant.id, today),
    };
  },
});
