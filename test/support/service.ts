// The real rcm-core service on a random port against a test database, with helpers that call
// it over HTTP as an integrator would.
import type { Router } from 'express';
import { startService, type RunningService } from '../../server/service.ts';
import { mintToken, type TokenPolicy } from '../../server/auth/jwt.ts';
import type { Permission } from '../../shared/permissions.ts';
import { PERMISSIONS } from '../../shared/permissions.ts';
import type { TestDatabase } from './database.ts';

/** What a test calls a running service with, in this process or in a process of its own. */
export interface HttpService {
  url: string;
  token: (tenantId: string, permissions?: Permission[] | 'all', options?: { sub?: string; expiresIn?: number | string }) => Promise<string>;
  graphql: <T = Record<string, unknown>>(token: string | null, query: string, variables?: Record<string, unknown>) => Promise<GraphqlResult<T>>;
  rest: (method: string, path: string, options?: { token?: string | null; body?: unknown; rawBody?: string; contentType?: string; port?: number }) => Promise<RestResult>;
}

export interface TestService extends RunningService, HttpService {}

export interface GraphqlResult<T> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface RestResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
}

export async function startTestService(db: TestDatabase, options: { jobs?: boolean; cron?: boolean; ports?: number[]; devRoutes?: Router[]; tokenPolicy?: TokenPolicy } = {}): Promise<TestService> {
  const service = await startService({
    location: db.location,
    ports: options.ports ?? [0],
    host: '127.0.0.1',
    jobs: options.jobs ?? false,
    cron: options.cron ?? false,
    concurrency: 2,
    graphiql: false,
    devRoutes: options.devRoutes,
    tokenPolicy: options.tokenPolicy,
  });
  return { ...service, ...httpService(service.urls[0], db.location.jwtSecret) };
}

/** The helpers of a service listening at `url` whose tokens are signed with `jwtSecret`. */
export function httpService(url: string, jwtSecret: string): HttpService {
  return {
    url,
    token: (tenantId, permissions = 'all', opts = {}) =>
      mintToken(jwtSecret, { sub: opts.sub ?? 'test-user', tenantId, permissions: permissions === 'all' ? [...PERMISSIONS] : permissions }, opts.expiresIn ?? '1h'),
    graphql: async (token, query, variables) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const json = (await response.json()) as { data: never; errors?: never };
      return { status: response.status, data: json.data, errors: json.errors };
    },
    rest: async (method, path, opts = {}) => {
      const base = opts.port ? `http://127.0.0.1:${opts.port}` : url;
      const headers: Record<string, string> = {};
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
      const response = await fetch(`${base}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: the test sees the text
      }
      return { status: response.status, body: parsed };
    },
  };
}
