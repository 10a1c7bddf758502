/**
 * A ChatEngine double for channel tests: answers `answer to <text>` and records its inputs, so
 * a test sees exactly what reached the engine. The real engine is covered by its own tests and
 * by whatsapp-cloud-webhook.test.ts.
 */
import type { ChatEngine, ChatInput } from '../../../chat/engine/chat-engine.js';
import type { Frame } from '../../../chat/nlu/frame.js';

export function echoEngine(): ChatEngine & { readonly inputs: ChatInput[] } {
  const inputs: ChatInput[] = [];
  return {
    inputs,
    async reply(input) {
      inputs.push(input);
      const frame = {
        text: input.text,
        intent: 'metric_query',
        metric: null,
        platform: null,
        range: null,
        campaign: null,
        compare: null,
        extras: { language: 'en' },
      } satisfies Frame;
      return { text: `answer to ${input.text}`, language: 'en', payload: null, frame, suggestions: [] };
    },
  };
}
