import type { PluginManifest } from '../../core/plugin-api/index.js';
import { rulesConfigSchema } from './config.js';

/** What the rules plugin declares about itself. */
export const rulesManifest = {
  id: 'rules',
  name: 'Automation rules',
  version: '1.0.0',
  kind: 'rules',
  description:
    'Evaluates automation rules over KPI windows after each sync or on a schedule, and pauses, resumes or re-budgets campaigns through the ad-platform plugins, within the guardrails set here (daily budget change limit, platform minimum budgets, kill switch).',
  configSchema: rulesConfigSchema,
  secretFields: ['webhookSecret'],
  permissions: ['kpis:read', 'campaigns:act', 'events:publish'],
  schedules: {},
  hostVersionRange: '^0.1.0',
} as const satisfies PluginManifest<'rules', typeof rulesConfigSchema>;
