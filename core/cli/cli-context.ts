import type { ActionContext } from '../audit/audit-event.js';

/** How changes made on the command line appear in the audit log. */
export const CLI_ACTION_CONTEXT: ActionContext = Object.freeze({
  actor: Object.freeze({ type: 'system', id: 'cli' }),
  origin: Object.freeze({}),
});
