// The token fixes the tenant, so the API never asks for it: tenant_id leads every key in the database (for RLS and
// Citus), but GraphQL lookups, mutations by key and relation names leave it out. `member(rowId:)` rather than
// `member(rowId:, tenantId:)`, `payerByCode(code:)`, `member.coveragePolicies` rather than
// `coveragePoliciesByTenantIdAndMemberId`. Lookups by the remaining columns are safe because RLS limits every
// query to the caller's tenant and ids are UUIDs.
const TENANT_KEY = 'tenant_id';

export const TenantImpliedPlugin: GraphileConfig.Plugin = {
  name: 'TenantImpliedPlugin',
  version: '1.0.0',
  after: ['PgSimplifyInflectionPlugin'],
  gather: {
    hooks: {
      pgTables_unique(_info, event) {
        const { attributes } = event.unique;
        if (attributes.length > 1 && attributes[0] === TENANT_KEY) event.unique.attributes = attributes.slice(1);
      },
    },
  },
  inflection: {
    replace: {
      _getBaseNameFromKeys(previous, _preset, detailedKeys) {
        const withoutTenant = detailedKeys.filter((key) => key.attributeName !== TENANT_KEY);
        return previous!(withoutTenant.length > 0 ? withoutTenant : detailedKeys);
      },
    },
  },
};
