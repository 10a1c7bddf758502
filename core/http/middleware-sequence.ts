import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs middlewares in order as one Express layer: each layer costs the router a path match,
 * a params pass and a `next` round, on every request. Errors behave as between layers: a
 * throw, a rejected promise or `next(error)` skips the rest and goes to `next(error)`.
 */
export function inSequence(handlers: readonly RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined && error !== null) return next(error);
      const handler = handlers[index];
      index += 1;
      if (handler === undefined) return next();
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise)
          result.catch((rejection: unknown) => next(rejection ?? new Error('Rejected')));
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
