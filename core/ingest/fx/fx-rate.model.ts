import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';

export const FX_RATE_MODEL_NAME = 'FxRate';

/** One day of exchange rates: units of each currency per 1 unit of `base`. Global, not tenant-scoped. */
export interface FxRateRecord {
  _id: Types.ObjectId;
  /** `YYYY-MM-DD`. */
  date: string;
  base: string;
  rates: Record<string, number>;
}

export type FxRateModel = Model<FxRateRecord>;

export function createFxRateModel(connection: Connection): FxRateModel {
  const schema = new Schema<FxRateRecord>(
    {
      date: { type: String, required: true },
      base: { type: String, required: true },
      rates: { type: Schema.Types.Mixed, required: true },
    },
    { collection: 'fxRates', versionKey: false, autoIndex: false, autoCreate: false },
  );
  schema.index({ date: 1 }, { unique: true });
  if (connection.models[FX_RATE_MODEL_NAME] !== undefined) connection.deleteModel(FX_RATE_MODEL_NAME);
  return connection.model<FxRateRecord>(FX_RATE_MODEL_NAME, schema);
}
