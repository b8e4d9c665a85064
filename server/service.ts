// One rcm-core process: the app on every port in PORTS, the worker (unless JOBS_DISABLED),
// and the domains' service hooks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { logLostConnections } from './db/lost-connection.ts';
import type { Runner } from 'graphile-worker';
import type { Router } from 'express';
import { createApp } from './app.ts';
import type { TokenPolicy } from './auth/jwt.ts';
import type { DatabaseLocation } from './db/database.ts';
import { startWorker } from './worker/runner.ts';
import { serviceHooks } from './service-hooks.ts';
import { logger } from './log.ts';
import { config } from './config.ts';
import { closeX12Readers, warmX12Readers } from './x12-readers/pool.ts';

export interface ServiceOptions {
  location: DatabaseLocation;
  ports: number[];
  host: string;
  jobs: boolean;
  cron?: boolean;
  concurrency: number;
  graphiql: boolean;
  devRoutes?: Router[];
  tokenPolicy?: TokenPolicy;
}

export interface RunningService {
  ports: number[];
  urls: string[];
  ownerPool: pg.Pool;
  apiPool: pg.Pool;
  runner?: Runner;
  stop: () => Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const log = logger('server');
  const ownerPool = new pg.Pool({ connectionString: options.location.ownerUrl, max: 10 });
  // A request that finds no free connection within the timeout fails (503) rather than queueing forever.
  const apiPool = new pg.Pool({ connectionString: options.location.authUrl, max: config.apiPoolMax, connectionTimeoutMillis: config.apiPoolConnectTimeoutMs });
  // An idle pooled connection that the server drops (restart, failover) must not crash the process.
  for (const pool of [ownerPool, apiPool]) logLostConnections(pool, log);
  // The X12 reader threads load their code while the schema is built.
  const readersReady = warmX12Readers();
  readersReady.catch(() => undefined); // awaited below, once the app is built
  const { app, close: closeApp } = await createApp({
    apiPool,
    ownerPool,
    jwtSecret: options.location.jwtSecret,
    graphiql: options.graphiql,
    devRoutes: options.devRoutes,
    tokenPolicy: options.tokenPolicy,
  });
  await readersReady;
  const servers = await Promise.all(options.ports.map((port) => listen(app, port, options.host)));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  const urls = ports.map((p) => `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${p}`);
  log.info({ urls }, 'api listening');

  let runner: Runner | undefined;
  if (options.jobs) {
    runner = await startWorker({ ownerUrl: options.location.ownerUrl, concurrency: options.concurrency, cron: options.cron });
    logger('jobRunner').info({ concurrency: options.concurrency }, 'job runner started');
  } else {
    logger('jobRunner').warn('JOBS_DISABLED: this process runs no jobs; batches stay PENDING until a worker runs');
  }
  const stopHooks: (() => Promise<void>)[] = [];
  for (const hook of serviceHooks) stopHooks.push(await hook({ ownerPool, ownerUrl: options.location.ownerUrl, runner }));

  return {
    ports,
    urls,
    ownerPool,
    apiPool,
    runner,
    stop: async () => {
      for (const stopHook of stopHooks.reverse()) await stopHook();
      await Promise.all(servers.map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); })));
      if (runner) await runner.stop();
      await closeApp();
      await closeX12Readers();
      await Promise.all([ownerPool.end(), apiPool.end()]);
    },
  };
}

function listen(app: http.RequestListener, port: number, host: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
