/** A JSON value: what plugin state, cursors and platform answers are made of (they are persisted as-is). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

/** A JSON object; plugin sync state checkpoints are always objects so they can grow fields. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}
