import type { HealthCheck } from '../../core/plugin-api/index.js';
import type { DemoRuntime } from './demo-runtime.js';

/** Health of the simulation: `auth_error` for a revoked key, otherwise what would be synced. */
export function createAdsDemoHealthCheck(runtime: DemoRuntime): HealthCheck {
  return {
    async check() {
      try {
        if (runtime.config.apiKey.startsWith('revoked'))
          return { status: 'auth_error', message: 'The demo API key was revoked; enter a new key.' };
        const simulator = await runtime.simulator();
        return {
          status: 'ok',
          message: `${simulator.accounts().length} simulated accounts reachable.`,
          details: {
            accounts: simulator.accounts().length,
            campaigns: simulator.scenario.campaigns.length,
            historyStart: simulator.historyStart,
            today: runtime.today(),
          },
        };
      } catch (error) {
        return {
          status: 'error',
          message: `Simulation unavailable: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
  };
}
