// GraphQL's trading partner test connection: the same code path as REST's
// POST /trading-partners/:id/test-connection. Admin permission and tenant scoping are decided in
// SQL as the caller (in the request's transaction with its claims); the 270 is then sent with the
// credentials the server reads itself, which never leave the database through the API.
import type { Pool } from 'pg';
import { extendSchema, gql } from 'postgraphile/utils';
import { sideEffectWithPgClientTransaction } from 'postgraphile/@dataplan/pg';
import { sideEffect } from 'postgraphile/grafast';
import { authorizeConnectionTest, testTradingPartnerConnection, TradingPartnerNotFound } from '../eligibility/test-connection.ts';
import { logger } from '../log.ts';

const log = logger('sweep');

export function makeTestConnectionPlugin(ownerPool: () => Pool): GraphileConfig.Plugin {
  return extendSchema((build) => {
    const executor = build.input.pgRegistry.pgExecutors.main;
    return {
      typeDefs: gql`
        input TestTradingPartnerConnectionInput {
          "The trading partner to test (core.trading_partner.id)."
          id: UUID!
        }
        """
        ok: the partner answered our test 270 with X12 (responseType 271 or 999) or, for a batch-mode
        partner, confirmed receipt of the submission (BATCH_RECEIPT); otherwise message is the error
        verbatim (transport, HTTP status, CORE ErrorCode such as UnAuthorized) and responseType ERROR.
        """
        type TestTradingPartnerConnectionPayload {
          ok: Boolean!
          message: String!
          httpStatus: Int
          responseType: String!
          responseMs: Int!
          payloadId: String!
        }
        extend type Mutation {
          "Sends a 270 for a synthetic member with the partner's stored credentials (admin only)."
          testTradingPartnerConnection(input: TestTradingPartnerConnectionInput!): TestTradingPartnerConnectionPayload
        }
      `,
      objects: {
        Mutation: {
          plans: {
            testTradingPartnerConnection(_, fieldArgs) {
              const $id = fieldArgs.getRaw(['input', 'id']);
              const $tenantId = sideEffectWithPgClientTransaction(executor, $id, (client, id: string) =>
                authorizeConnectionTest((text, values) => client.query<Record<string, unknown>>({ text, values: values as never[] }), id));
              return sideEffect([$tenantId, $id], async ([tenantId, id]: readonly [string, string]) => {
                const result = await testTradingPartnerConnection(ownerPool(), tenantId, id);
                if (!result) throw new TradingPartnerNotFound(id);
                log.info({ tradingPartnerId: id, ok: result.ok, responseMs: result.responseMs }, 'trading partner test connection');
                return result;
              });
            },
          },
        },
      },
    };
  });
}
