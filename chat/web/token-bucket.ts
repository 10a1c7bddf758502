/** A small token bucket: `capacity` messages at once, refilled at `refillPerSecond`. */
export interface TokenBucketOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export const DEFAULT_CHAT_RATE_LIMIT: TokenBucketOptions = { capacity: 10, refillPerSecond: 0.5 };

export interface TokenBucket {
  /** 0 when a token was taken; otherwise the milliseconds until one is available. */
  take(): number;
}

export function createTokenBucket(
  options: TokenBucketOptions = DEFAULT_CHAT_RATE_LIMIT,
  clock: () => number = () => Date.now(),
): TokenBucket {
  let tokens = options.capacity;
  let at = clock();
  return {
    take() {
      const current = clock();
      tokens = Math.min(options.capacity, tokens + ((current - at) / 1000) * options.refillPerSecond);
      at = current;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - tokens) / options.refillPerSecond) * 1000);
    },
  };
}
