/** The fields of a frame that `stratum chat parse` prints and `npm run eval:chat` scores. */
import type { Frame } from './frame.js';

export interface ParseLine {
  readonly text: string;
  readonly intent: Frame['intent'];
  readonly metric: Frame['metric'];
  readonly platform: Frame['platform'];
  readonly range: Frame['range'];
  readonly campaign: Frame['campaign'];
  readonly compare: Frame['compare'];
}

export function toParseLine(frame: Frame): ParseLine {
  return {
    text: frame.text,
    intent: frame.intent,
    metric: frame.metric,
    platform: frame.platform,
    range: frame.range,
    campaign: frame.campaign,
    compare: frame.compare,
  };
}
