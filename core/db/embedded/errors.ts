/**
 * Server-side errors of the embedded database, carrying MongoDB's numeric codes and code names so
 * that drivers surface them exactly as they would from a real mongod.
 */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  Unauthorized: 13,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  InvalidLength: 16,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  NotSingleValueField: 54,
  EmptyFieldName: 56,
  DottedFieldName: 57,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  IndexAlreadyExists: 68,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  InvalidPipelineOperator: 168,
  ConversionFailure: 241,
  Location31249: 31249,
  Location31254: 31254,
  Location40324: 40324,
  Location40573: 40573,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
  Location15998: 15998,
  Location16410: 16410,
  Location16020: 16020,
  Location40352: 40352,
  Location40353: 40353,
  Location51091: 51091,
  NoQueryExecutionPlans: 291,
  CannotBackfillArray: 34,
  QueryFeatureNotAllowed: 224,
  Location40323: 40323,
  CannotIndexParallelArrays: 171,
  InvalidIndexSpecificationOption: 197,
  Overflow: 15,
  ExceededMemoryLimit: 146,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

/** Maps a numeric code back to MongoDB's code name (`Location<code>` for the unnamed ones). */
export function codeNameOf(code: number): string {
  for (const [name, value] of Object.entries(ErrorCodes)) {
    if (value === code) return name;
  }
  return `Location${code}`;
}

/**
 * An error a command answers with `{ok: 0, errmsg, code, codeName, ...extra}`; inside write
 * commands it becomes a `writeErrors[]` entry.
 */
export class MongoServerError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(code: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'MongoServerError';
    this.code = code;
    this.codeName = codeNameOf(code);
    this.extra = extra;
  }
}

export function serverError(
  name: ErrorCodeName,
  message: string,
  extra: Record<string, unknown> = {},
): MongoServerError {
  return new MongoServerError(ErrorCodes[name], message, extra);
}

/** Any thrown value as a MongoServerError (unknown failures become InternalError). */
export function toServerError(error: unknown): MongoServerError {
  if (error instanceof MongoServerError) return error;
  if (error instanceof RangeError && /offset|out of range|size/i.test(error.message)) {
    return new MongoServerError(ErrorCodes.BSONObjectTooLarge, 'BSONObj size is invalid or too large');
  }
  const message = error instanceof Error ? error.message : String(error);
  return new MongoServerError(ErrorCodes.InternalError, message);
}
