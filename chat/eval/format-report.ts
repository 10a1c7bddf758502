/** The eval report as text for the terminal. */
import { INTENTS } from '../nlu/frame.js';
import type { EvalReport } from './score.js';
import { SLOTS } from './score.js';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export function formatReport(report: EvalReport, withMisses: boolean): string {
  const lines = [
    `messages            ${report.total}`,
    `intent accuracy     ${percent(report.intentAccuracy)}`,
    `intent macro-F1     ${report.intentMacroF1.toFixed(3)}`,
    ...SLOTS.map((slot) => `slot ${slot.padEnd(15)}${percent(report.slotAccuracy[slot])}`),
    `whole frame         ${percent(report.frameAccuracy)}`,
    `out of scope answered with numbers: ${report.outOfScopeWithNumbers}`,
    '',
    'confusion (rows expected, columns predicted):',
  ];
  const labels = INTENTS.filter(
    (label) =>
      report.confusion[label] !== undefined ||
      Object.values(report.confusion).some((row) => row[label] !== undefined),
  );
  const short = (label: string) => label.slice(0, 7).padStart(8);
  lines.push(`${''.padEnd(14)}${labels.map(short).join('')}`);
  for (const expected of labels) {
    const row = report.confusion[expected] ?? {};
    lines.push(
      `${expected.padEnd(14)}${labels.map((actual) => String(row[actual] ?? 0).padStart(8)).join('')}`,
    );
  }
  if (withMisses) {
    lines.push('', `misses (${report.misses.length}):`);
    for (const miss of report.misses) {
      lines.push(
        `- ${miss.text}`,
        `    expected ${JSON.stringify(miss.expected)}`,
        `    actual   ${JSON.stringify(miss.actual)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
