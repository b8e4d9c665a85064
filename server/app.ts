// The express app of rcm-core: health, auth, PostGraphile at /graphql, REST routes, console.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Router } from 'express';
import type { Pool } from 'pg';
import { postgraphile, type PostGraphileInstance } from 'postgraphile';
import { grafserv } from 'postgraphile/grafserv/express/v4';
import { repoRoot, config } from './config.ts';
import { authenticate, requireAuth, requireAuthForBody } from './auth/middleware.ts';
import type { TokenPolicy } from './auth/jwt.ts';
import { errorHandler, notFoundRoute } from './http/errors.ts';
import { healthRoute } from './http/health.ts';
import { tenantInFlightLimit } from './http/tenant-in-flight.ts';
import { jsonBody } from './http/json-body.ts';
import { securityHeaders } from './http/security-headers.ts';
import { makePreset } from './graphql/preset.ts';
import { restRoutes } from './rest/routes.ts';
import { restBodyRouterFactories, restRouterFactories } from './rest/domains.ts';
import { logger } from './log.ts';

export interface AppOptions {
  apiPool: Pool;
  ownerPool: Pool;
  jwtSecret: string;
  graphiql: boolean;
  /** What tokens must satisfy beyond the signature; default from JWT_ISSUER/JWT_AUDIENCE/JWT_MAX_LIFETIME_SECONDS. */
  tokenPolicy?: TokenPolicy;
  /** Development-only routes (the demo token), mounted before authentication. */
  devRoutes?: Router[];
}

export interface App {
  app: Express;
  pgl: PostGraphileInstance;
  close: () => Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const log = logger('server');
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders({ graphiqlPath: options.graphiql ? '/graphiql' : undefined }));
  app.get('/healthz', healthRoute(options.ownerPool));
  for (const route of options.devRoutes ?? []) app.use(route);
  app.use(authenticate(options.jwtSecret, options.tokenPolicy), requireAuthForBody);
  app.use(tenantInFlightLimit({ max: () => config.apiTenantMaxInFlight, what: 'requests', setting: 'API_TENANT_MAX_IN_FLIGHT' }));
  app.post('/artifacts', tenantInFlightLimit({ max: () => config.ingestMaxConcurrentUploadsPerTenant, what: 'uploads', setting: 'INGEST_MAX_CONCURRENT_UPLOADS_PER_TENANT' }));
  app.post('/graphql', requireAuth);

  const pgl = postgraphile(makePreset({ apiPool: options.apiPool, ownerPool: options.ownerPool, graphiql: options.graphiql }));
  // The schema is built here, before the service listens: PostGraphile builds it in the background
  // otherwise, and that build holds the event loop in synchronous stretches (measured ~10 s on a
  // loaded 2-core machine), so every request of the first seconds (/healthz, a 413 answered unread)
  // waited for it.
  await pgl.getSchema();
  const serv = pgl.createServ(grafserv);
  await serv.addTo(app, null);

  // The console (web/dist). A browser navigating to a console URL (Accept names text/html) gets
  // the app even where a REST route shares the path (/batches/:id); API clients, which send
  // */* or application/json, reach the REST routes below.
  const consoleDir = path.join(repoRoot, 'web', 'dist');
  if (fs.existsSync(consoleDir)) {
    app.use(express.static(consoleDir, { index: 'index.html' }));
    app.get(/^\/(?!graphql|graphiql|healthz|dev\/).*/, (req, res, next) => (navigatesToHtml(req) ? res.sendFile(path.join(consoleDir, 'index.html')) : next()));
  }

  const restDeps = { apiPool: options.apiPool, ownerPool: options.ownerPool, log };
  app.use(restRoutes(restDeps, restBodyRouterFactories));
  app.use(jsonBody(config.bodyLimit), restRoutes(restDeps, restRouterFactories));

  app.use(notFoundRoute);
  app.use(errorHandler);
  return { app, pgl, close: async () => { await pgl.release(); } };
}

function navigatesToHtml(req: Request): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}
