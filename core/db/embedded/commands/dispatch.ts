/**
 * Routes a decoded command to its handler and turns every outcome into a reply: `{ok: 1, …}`,
 * `{ok: 0, errmsg, code, codeName}` for failures, or pre-encoded cursor replies.
 */
import { isPlainObject, type Document } from '../bson-values.js';
import { MongoServerError, serverError, toServerError } from '../errors.js';
import { adminCommands, transactionsUnsupported } from './admin.js';
import { aggregateCommands } from './aggregate.js';
import { catalogCommands } from './catalog.js';
import type { CommandContext, CommandReply, CommandSpec } from './context.js';
import { explainCommands } from './explain.js';
import { readCommands } from './read.js';
import { writeCommands } from './write.js';

const commands: ReadonlyMap<string, CommandSpec> = new Map(
  Object.entries({
    ...adminCommands,
    ...catalogCommands,
    ...readCommands,
    ...writeCommands,
    ...aggregateCommands,
    ...explainCommands,
  }),
);

export function errorReply(error: unknown): Document {
  const serverErrorValue = toServerError(error);
  return {
    ok: 0,
    errmsg: serverErrorValue.message,
    code: serverErrorValue.code,
    codeName: serverErrorValue.codeName,
    ...serverErrorValue.extra,
  };
}

function writeConcernJournaled(body: Document): boolean {
  const writeConcern = body['writeConcern'];
  return isPlainObject(writeConcern) && (writeConcern['j'] === true || writeConcern['fsync'] === true);
}

/** Runs one command. Never throws: failures become `{ok: 0}` replies. */
export async function dispatchCommand(body: Document, context: CommandContext): Promise<CommandReply> {
  const name = Object.keys(body)[0];
  try {
    if (name === undefined || name.startsWith('$')) throw serverError('FailedToParse', 'empty command object');
    const database = body['$db'];
    if (typeof database !== 'string' || database.length === 0) {
      throw new MongoServerError(40571, "OP_MSG requests require a $db argument");
    }
    // A standalone mongod refuses transaction numbers; sessions themselves are accepted.
    if (body['txnNumber'] !== undefined || body['startTransaction'] !== undefined || body['autocommit'] !== undefined) {
      transactionsUnsupported();
    }
    const spec = commands.get(name);
    if (!spec) throw serverError('CommandNotFound', `no such command: '${name}'`);
    if (spec.adminOnly && database !== 'admin') {
      throw serverError('Unauthorized', `${name} may only be run against the admin database.`);
    }
    const reply = await spec.handler(body, database, context);
    if (spec.writes) await context.engine.commit(writeConcernJournaled(body));
    return reply;
  } catch (error) {
    if (name && commands.get(name)?.writes) {
      // Whatever part of a failed write did apply must still reach the journal.
      await context.engine.commit(false).catch(() => undefined);
    }
    return errorReply(error);
  }
}
