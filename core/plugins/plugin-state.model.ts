import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export const PLUGIN_STATE_MODEL_NAME = 'PluginState';

export interface PluginStateRecord {
  _id: Types.ObjectId;
  tenantId: string;
  pluginId: string;
  key: string;
  /**
   * The value as JSON text: plugin values are arbitrary JSON whose object keys may contain `.`
   * or start with `$`, which a document field cannot hold.
   */
  value: string;
  updatedAt: Date;
}

export type PluginStateModel = Model<PluginStateRecord>;

export function createPluginStateModel(
  connection: Connection,
  tenantContext: TenantContext,
): PluginStateModel {
  const schema = new Schema<PluginStateRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      pluginId: { type: String, required: true, immutable: true },
      key: { type: String, required: true, immutable: true },
      value: { type: String, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: 'pluginState', versionKey: false, autoIndex: false, autoCreate: false },
  );
  schema.plugin(tenancyPlugin, { context: tenantContext });
  schema.index({ tenantId: 1, pluginId: 1, key: 1 }, { unique: true });
  if (connection.models[PLUGIN_STATE_MODEL_NAME] !== undefined)
    connection.deleteModel(PLUGIN_STATE_MODEL_NAME);
  return connection.model<PluginStateRecord>(PLUGIN_STATE_MODEL_NAME, schema);
}
