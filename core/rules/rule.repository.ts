import { Types } from 'mongoose';
import type { PageRequest } from '../audit/paging.js';
import { ruleDefinitionSchema } from '../plugin-api/index.js';
import type { RuleDefinition } from '../plugin-api/index.js';
import type { RuleModels, RuleRecord } from './rule.model.js';

export interface Rule {
  readonly id: string;
  readonly tenantId: string;
  readonly definition: RuleDefinition;
  readonly lastCronFireAt: Date | undefined;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

function toRule(record: RuleRecord): Rule {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    // Stored definitions were parsed on write; parsing again fills defaults added since.
    definition: ruleDefinitionSchema.parse(record.definition),
    lastCronFireAt: record.lastCronFireAt ?? undefined,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export const idOf = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : undefined);

const mirrors = (definition: RuleDefinition) => ({
  definition: definition as unknown as Record<string, unknown>,
  enabled: definition.enabled,
  scheduleType: definition.schedule.type,
});

export interface RuleRepository {
  insert(tenantId: string, definition: RuleDefinition, createdBy: string, at: Date): Promise<Rule>;
  /** Newest first, `limit + 1` rows; deleted rules are never listed. */
  list(tenantId: string, page: PageRequest): Promise<Rule[]>;
  findById(tenantId: string, id: string): Promise<Rule | undefined>;
  /** Enabled rules, optionally of one schedule type. */
  listEnabled(tenantId: string, scheduleType?: 'after_sync' | 'cron'): Promise<Rule[]>;
  replace(tenantId: string, id: string, definition: RuleDefinition, at: Date): Promise<Rule | undefined>;
  softDelete(tenantId: string, id: string, at: Date): Promise<boolean>;
  /** Moves `lastCronFireAt` from `seen` to `fireAt`; false when another worker already did. */
  claimCronFire(tenantId: string, id: string, seen: Date | undefined, fireAt: Date): Promise<boolean>;
}

export function createRuleRepository(models: Pick<RuleModels, 'rules'>): RuleRepository {
  const { rules } = models;
  return {
    async insert(tenantId, definition, createdBy, at) {
      const created = await rules.create({
        tenantId,
        ...mirrors(definition),
        lastCronFireAt: null,
        createdBy,
        createdAt: at,
        updatedAt: at,
        deletedAt: null,
      });
      return toRule(created.toObject());
    },
    async list(tenantId, page) {
      const query: Record<string, unknown> = { tenantId, deletedAt: null };
      if (page.cursor !== undefined) query._id = { $lt: new Types.ObjectId(page.cursor) };
      const rows = await rules
        .find(query)
        .sort({ _id: -1 })
        .limit(page.limit + 1)
        .lean<RuleRecord[]>();
      return rows.map(toRule);
    },
    async findById(tenantId, id) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await rules.findOne({ tenantId, _id, deletedAt: null }).lean<RuleRecord>();
      return record === null ? undefined : toRule(record);
    },
    async listEnabled(tenantId, scheduleType) {
      const query: Record<string, unknown> = { tenantId, deletedAt: null, enabled: true };
      if (scheduleType !== undefined) query.scheduleType = scheduleType;
      const rows = await rules.find(query).sort({ _id: 1 }).lean<RuleRecord[]>();
      return rows.map(toRule);
    },
    async replace(tenantId, id, definition, at) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await rules
        .findOneAndUpdate(
          { tenantId, _id, deletedAt: null },
          { $set: { ...mirrors(definition), updatedAt: at } },
          { returnDocument: 'after' },
        )
        .lean<RuleRecord>();
      return record === null ? undefined : toRule(record);
    },
    async softDelete(tenantId, id, at) {
      const _id = idOf(id);
      if (_id === undefined) return false;
      const result = await rules.updateOne(
        { tenantId, _id, deletedAt: null },
        { $set: { deletedAt: at, enabled: false } },
      );
      return result.modifiedCount === 1;
    },
    async claimCronFire(tenantId, id, seen, fireAt) {
      const _id = idOf(id);
      if (_id === undefined) return false;
      const result = await rules.updateOne(
        { tenantId, _id, lastCronFireAt: seen ?? null },
        { $set: { lastCronFireAt: fireAt } },
      );
      return result.modifiedCount === 1;
    },
  };
}
