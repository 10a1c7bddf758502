/** Worker of the fit-time figure: generates its slice of campaigns and fits their revenue curves. */
import { parentPort, workerData } from 'node:worker_threads';
import { fitResponseCurve } from '../../plugins/ml-roas/model/fit-curve.js';
import { generateCampaigns } from './generate.js';

const { seed, campaigns, days, noise, from, to } = workerData as {
  seed: number;
  campaigns: number;
  days: number;
  noise: number;
  from: number;
  to: number;
};
const cpuStart = process.cpuUsage();
const slice = generateCampaigns({ seed, campaigns, days, noise }).slice(from, to);
let fitted = 0;
for (const campaign of slice) {
  const outcome = fitResponseCurve({
    spend: campaign.spend,
    outcome: campaign.revenue,
    weekdays: campaign.weekdays,
  });
  if (outcome.status === 'fitted') fitted += 1;
}
// Thread CPU time: on a shared machine wall time mostly measures the neighbours.
parentPort?.postMessage({ fitted, total: slice.length, cpuMs: process.cpuUsage(cpuStart).user / 1000 });
