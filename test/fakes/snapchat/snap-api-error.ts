/** An error the fake answers with: HTTP status, Snap's `error_code` and a debug message. */
export class SnapApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode: string,
  ) {
    super(message);
  }
}
