// PostGraphile v5: Amber preset, simplified inflection, connection filters, our smart tags.
// Grants decide what is exposed; requests run as rcm_visitor with the JWT's claims.
import path from 'node:path';
import type { Pool } from 'pg';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { makePgSmartTagsFromFilePlugin } from 'postgraphile/utils';
import { PgSimplifyInflectionPreset } from '@graphile/simplify-inflection';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';
import { config, repoRoot } from '../config.ts';
import { getOperationAST } from 'postgraphile/graphql';
import { pgSettingsFor } from '../auth/jwt.ts';
import { partnerCredentialKey } from '../partners/credential-key.ts';
import { maskGraphqlError } from './mask-error.ts';
import { NoSchemaPrefixPlugin } from './no-schema-prefix.ts';
import { TenantImpliedPlugin } from './tenant-implied.ts';
import { makeTestConnectionPlugin } from './test-connection-plugin.ts';
import { makeGraphqlLimitsPlugin } from './limits-plugin.ts';

export const API_SCHEMAS = ['core', 'member', 'service', 'billing', 'ingestion', 'eligibility', 'reporting', 'ops'];

/** ownerPool: for plans that need the server's own access (the test connection reads credentials); optional for schema export. */
export function makePreset(options: { apiPool: Pool; ownerPool?: Pool; graphiql: boolean }): GraphileConfig.Preset {
  const ownerPool = (): Pool => {
    if (!options.ownerPool) throw new Error('this GraphQL operation needs the owner pool (makePreset without ownerPool)');
    return options.ownerPool;
  };
  return {
    extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset, PostGraphileConnectionFilterPreset],
    plugins: [NoSchemaPrefixPlugin, TenantImpliedPlugin, makePgSmartTagsFromFilePlugin(path.join(repoRoot, 'graphql', 'tags.json5')), makeTestConnectionPlugin(ownerPool),
      makeGraphqlLimitsPlugin({ maxDepth: config.graphqlMaxDepth, maxAliases: config.graphqlMaxAliases, maxPageSize: config.graphqlMaxPageSize, maxRows: config.graphqlMaxRows, introspection: config.graphqlIntrospection })],
    pgServices: [
      makePgService({
        pool: options.apiPool,
        schemas: API_SCHEMAS,
      }),
    ],
    grafast: {
      explain: false,
      context(requestContext, args) {
        const claims = requestContext.expressv4?.req.auth;
        // Without claims the visitor sees nothing: every policy needs a tenant.
        if (!claims) return { pgSettings: { role: 'rcm_visitor' } };
        // Mutations may store a partner password (setTradingPartnerCredentials), which SQL
        // encrypts with the server's key: only their transactions get it, as a local setting.
        const isMutation = getOperationAST(args.document, args.operationName)?.operation === 'mutation';
        return { pgSettings: isMutation ? { ...pgSettingsFor(claims), 'rcm.partner_credential_key': partnerCredentialKey() } : pgSettingsFor(claims) };
      },
    },
    grafserv: {
      graphqlPath: '/graphql',
      graphiqlPath: '/graphiql',
      graphiql: options.graphiql,
      watch: false,
      maskError: maskGraphqlError,
      maxRequestLength: config.graphqlMaxRequestBytes,
    },
    schema: {
      // Filters on any column of the visible tables; the indexes we need are named in the migrations.
      pgForbidSetofFunctionsToReturnNull: true,
      // Filters through relations are on whatever `connectionFilterRelations` says (this plugin version
      // does not read it); a relation is kept out of filters with `-filterBy` in graphql/tags.json5.
    },
  };
}
