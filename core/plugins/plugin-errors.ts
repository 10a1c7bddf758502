import { ConflictError, InputError, NotFoundError, UnprocessableError } from '../errors/errors.js';
import type { FieldIssue } from '../errors/errors.js';

/** The plugin host's error catalogue (`PLUGINS_*`), so every refusal has one stable code. */
export const pluginErrors = {
  unknownPlugin: (pluginId: string) =>
    new NotFoundError(`Plugin "${pluginId}" does not exist`, { code: 'PLUGINS_NOT_FOUND' }),
  notInstalled: (pluginId: string) =>
    new NotFoundError(`Plugin "${pluginId}" is not installed`, { code: 'PLUGINS_NOT_INSTALLED' }),
  alreadyInstalled: (pluginId: string) =>
    new ConflictError(`Plugin "${pluginId}" is already installed`, { code: 'PLUGINS_ALREADY_INSTALLED' }),
  notConfigured: (pluginId: string) =>
    new ConflictError(`Plugin "${pluginId}" has no valid configuration yet`, {
      code: 'PLUGINS_NOT_CONFIGURED',
    }),
  suspended: (pluginId: string) =>
    new ConflictError(`Plugin "${pluginId}" is suspended after repeated failures; an admin must enable it`, {
      code: 'PLUGINS_SUSPENDED',
    }),
  invalidTransition: (pluginId: string, action: string, status: string) =>
    new ConflictError(`Cannot ${action} plugin "${pluginId}" while it is ${status}`, {
      code: 'PLUGINS_INVALID_TRANSITION',
      details: { action, status },
    }),
  concurrentChange: (pluginId: string) =>
    new ConflictError(`Plugin "${pluginId}" changed meanwhile; retry`, { code: 'PLUGINS_CONCURRENT_CHANGE' }),
  configInvalid: (issues: readonly FieldIssue[]) =>
    new InputError('Invalid plugin configuration', { code: 'PLUGINS_CONFIG_INVALID', details: issues }),
  rangeInvalid: (message: string) => new InputError(message, { code: 'PLUGINS_SYNC_RANGE_INVALID' }),
  checkRefused: (pluginId: string, status: string, message: string) =>
    new UnprocessableError(`Plugin "${pluginId}" cannot be enabled: ${message}`, {
      code: status === 'auth_error' ? 'PLUGINS_AUTH_ERROR' : 'PLUGINS_CHECK_FAILED',
      details: { status, message },
    }),
} as const;
