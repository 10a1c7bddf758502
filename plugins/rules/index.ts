import { definePlugin } from '../../core/plugin-api/index.js';
import type { RulesEngine } from '../../core/plugin-api/index.js';
import type { RulesConfig } from './config.js';
import { evaluateRule, windowsFor } from './engine.js';
import { rulesManifest } from './manifest.js';
import { expandTemplate, listTemplates } from './templates.js';

/** The engine of one installation, bound to its guardrails. */
export function createRulesEngine(config: RulesConfig): RulesEngine {
  return {
    windowsFor,
    evaluate: (input) => evaluateRule(input, config),
    killSwitch: () => config.killSwitch,
    defaultCooldownMinutes: () => config.defaultCooldownMinutes,
    webhookSecret: () => config.webhookSecret,
    templates: listTemplates,
    expandTemplate,
  };
}

/** The rules plugin: rule semantics and guardrails; the host reads KPIs and acts. */
export const rulesPlugin = definePlugin({
  manifest: rulesManifest,
  setup(ctx) {
    return { engine: createRulesEngine(ctx.config), jobs: {} };
  },
});

export { rulesConfigSchema, DEFAULT_PLATFORM_MINIMUM_BUDGET_CENTS } from './config.js';
export type { RulesConfig } from './config.js';
export { rulesManifest } from './manifest.js';
