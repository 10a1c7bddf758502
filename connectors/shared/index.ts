/** What every connector shares: the HTTP client shape, error kinds, retries, limits and API versions. */
export { daysUntil } from './api-version.js';
export type { ApiVersionInfo } from './api-version.js';
export { CONNECTOR_ERROR_KINDS, ConnectorError, isConnectorError } from './errors.js';
export type { ConnectorErrorKind, ConnectorErrorOptions } from './errors.js';
export type { HttpClient, HttpMethod, HttpRequest, HttpResponse, JsonLike } from './http.js';
export { createCircuitBreaker, createKeyedLimiter } from './limits.js';
export type { CircuitBreaker, CircuitBreakerOptions, KeyedLimiter } from './limits.js';
export { abortableSleep, retryDelayMs, withRetries } from './retry.js';
export type { RetryOptions } from './retry.js';
