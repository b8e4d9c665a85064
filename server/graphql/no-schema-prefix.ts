// Type names come from table names alone (member.member -> Member, not MemberMember):
// table names are unique across our schemas by convention, and a clash fails the build.
export const NoSchemaPrefixPlugin: GraphileConfig.Plugin = {
  name: 'NoSchemaPrefixPlugin',
  version: '1.0.0',
  inflection: {
    replace: {
      _schemaPrefix() {
        return '';
      },
    },
  },
};
