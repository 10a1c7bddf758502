import { AppError } from '../errors/app-error.js';
import type { AppErrorOptions } from '../errors/app-error.js';

/** The environment is unusable; the message is one line naming the variable(s), fit for stderr. */
export class ConfigError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('internal', 'CONFIG_INVALID', message, options);
  }
}
