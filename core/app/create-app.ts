/**
 * The whole HTTP app of the host, built from what the composition root opened (no listening,
 * no connecting here): the core modules' routes, middleware and guard on the `/api/v1` app, plus
 * health, readiness and Prometheus metrics. Every registry is created per call, so two apps in
 * one process never share state.
 */
import type { Express, RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { redisHealthCheck } from '../cache/redis-connection.js';
import type { Config } from '../config/load-config.js';
import { databaseHealthCheck } from '../db/connection.js';
import { createHttpApp } from '../http/create-http-app.js';
import type { RouteGuard } from '../http/create-http-app.js';
import type { RouteDefinition } from '../http/define-route.js';
import { createHealthRegistry } from '../observability/health-registry.js';
import type { HealthCheck, HealthRegistry } from '../observability/health-registry.js';
import { createMetrics } from '../observability/metrics.js';
import type { AppMetrics } from '../observability/metrics.js';
import { createReadiness } from '../observability/readiness.js';
import type { Readiness } from '../observability/readiness.js';

/** `/health/ready` answers 200 only once all of these are satisfied (and not draining). */
export const READINESS_GATES = ['database', 'indexes', 'plugins'] as const;
export type ReadinessGate = (typeof READINESS_GATES)[number];

/** What the app needs of the core modules (tenants, users, auth, RBAC…): their HTTP face. */
export interface HttpModules {
  readonly routes: readonly RouteDefinition[];
  readonly apiMiddleware: readonly RequestHandler[];
  readonly guard: RouteGuard;
}

export interface ExtraHealthComponent {
  readonly check: HealthCheck;
  readonly critical?: boolean;
}

export interface AppDeps {
  readonly config: Pick<Config, 'trustProxy' | 'metricsToken'>;
  readonly logger: Logger;
  readonly connection: Connection;
  readonly modules: HttpModules;
  /** When REDIS_URL is set: reported as the non-critical `redis` health component. */
  readonly redis?: Redis | undefined;
  /** Components later issues add (`jobs`, `plugins`), by name. */
  readonly healthComponents?: Readonly<Record<string, ExtraHealthComponent>>;
  /** Further top-level routers (admin console, webhooks, socket.io upgrade paths). */
  readonly mount?: (app: Express) => void;
  /** Labels on every metric series, e.g. `{ instance: 'api-1' }`. */
  readonly metricsLabels?: Readonly<Record<string, string>>;
  /** CPU, memory, event-loop lag (on by default; tests that build many apps may turn it off). */
  readonly collectDefaultMetrics?: boolean;
}

export interface StratumApp {
  readonly express: Express;
  readonly readiness: Readiness<ReadinessGate>;
  readonly health: HealthRegistry;
  readonly metrics: AppMetrics;
  /** Detaches the app from the connection's events (the connection itself is the caller's). */
  dispose(): void;
}

const CONNECTED = 1;

/** Keeps the `database` readiness gate in step with the connection; returns the detacher. */
function followConnection(connection: Connection, readiness: Readiness<ReadinessGate>): () => void {
  const up = () => readiness.satisfy('database');
  const down = () => readiness.unsatisfy('database');
  if (connection.readyState === CONNECTED) up();
  connection.on('connected', up);
  connection.on('reconnected', up);
  connection.on('disconnected', down);
  return () => {
    connection.off('connected', up);
    connection.off('reconnected', up);
    connection.off('disconnected', down);
  };
}

export function createApp(deps: AppDeps): StratumApp {
  const readiness = createReadiness(READINESS_GATES);
  const health = createHealthRegistry();
  const metrics = createMetrics({
    collectDefault: deps.collectDefaultMetrics ?? true,
    ...(deps.metricsLabels === undefined ? {} : { defaultLabels: deps.metricsLabels }),
  });
  health.register('database', databaseHealthCheck(deps.connection), { critical: true });
  if (deps.redis !== undefined) health.register('redis', redisHealthCheck(deps.redis));
  for (const [name, component] of Object.entries(deps.healthComponents ?? {})) {
    health.register(name, component.check, { critical: component.critical ?? false });
  }
  const detach = followConnection(deps.connection, readiness);
  const express = createHttpApp({
    logger: deps.logger,
    trustProxy: deps.config.trustProxy,
    routes: deps.modules.routes,
    apiMiddleware: deps.modules.apiMiddleware,
    guard: deps.modules.guard,
    observability: { health, readiness, metrics, metricsToken: deps.config.metricsToken },
    openapi: { title: 'Stratum API', version: '1.0.0' },
    ...(deps.mount === undefined ? {} : { mount: deps.mount }),
  });
  return { express, readiness, health, metrics, dispose: detach };
}
