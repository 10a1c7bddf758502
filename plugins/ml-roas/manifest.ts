import type { PluginManifest } from '../../core/plugin-api/index.js';
import { mlRoasConfigSchema } from './config.js';

/** What ml-roas declares about itself. */
export const mlRoasManifest = {
  id: 'ml-roas',
  name: 'ROAS predictor (response curves, forecasts, budget optimiser)',
  version: '1.0.0',
  kind: 'predictor',
  description:
    'Fits a spend → revenue and spend → conversions curve per campaign (adstock carry-over and Hill saturation) with intervals, forecasts spend, revenue and ROAS with weekday seasonality, and proposes budget reallocations that equalise marginal returns under your limits. Advice only: it never changes a budget.',
  configSchema: mlRoasConfigSchema,
  secretFields: [],
  permissions: ['metrics:read', 'kpis:read'],
  schedules: {
    train: { cron: '40 2 * * *', queue: 'ml' },
  },
  hostVersionRange: '^0.1.0',
} as const satisfies PluginManifest<'predictor', typeof mlRoasConfigSchema>;
