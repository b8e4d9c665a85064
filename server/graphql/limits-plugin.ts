// Limits on what one GraphQL request may ask for (issue 13 item 3; docs/security-limits.md):
// depth and aliases (graphql-armor validation rules), a maximum page size on every connection's
// first/last, introspection off in production. Request size: grafserv's maxRequestLength (preset).
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, visit, type DocumentNode, type ValidationContext, type ValidationRule } from 'postgraphile/graphql';

export interface GraphqlLimits {
  maxDepth: number;
  maxAliases: number;
  maxPageSize: number;
  introspection: boolean;
}

const PAGE_ARGUMENTS = new Set(['first', 'last']);

/** A literal first/last above the maximum is refused at validation. */
function maxPageSizeRule(maxPageSize: number): ValidationRule {
  return (context: ValidationContext) => ({
    Argument(node) {
      if (!PAGE_ARGUMENTS.has(node.name.value) || node.value.kind !== Kind.INT) return;
      if (Number(node.value.value) > maxPageSize) {
        context.reportError(new GraphQLError(`${node.name.value}: ${node.value.value} is above the maximum page size of ${maxPageSize}; page with offset or cursors`, { nodes: [node] }));
      }
    },
  });
}

/** Names of the variables that feed a first/last argument. */
function pageSizeVariables(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (PAGE_ARGUMENTS.has(node.name.value) && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return names;
}

export function makeGraphqlLimitsPlugin(limits: GraphqlLimits): GraphileConfig.Plugin {
  return {
    name: 'RcmGraphqlLimitsPlugin',
    version: '1.0.0',
    grafserv: {
      middleware: {
        setPreset(next, event) {
          // Reported as validation errors (400), not thrown (which grafserv answers with a 500).
          const report = { propagateOnRejection: false, onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)] };
          event.validationRules.push(
            maxDepthRule({ n: limits.maxDepth, exposeLimits: true, flattenFragments: true, ...report }),
            maxAliasesRule({ n: limits.maxAliases, exposeLimits: true, ...report }),
            maxPageSizeRule(limits.maxPageSize),
          );
          if (!limits.introspection) event.validationRules.push(NoSchemaIntrospectionCustomRule);
          return next();
        },
      },
    },
    grafast: {
      middleware: {
        // Validation does not see variable values: a first/last given by a variable is capped here.
        prepareArgs(next, event) {
          const variables = event.args.variableValues;
          if (variables) {
            const capped: Record<string, unknown> = { ...variables };
            for (const name of pageSizeVariables(event.args.document)) {
              const value = capped[name];
              if (typeof value === 'number' && value > limits.maxPageSize) capped[name] = limits.maxPageSize;
            }
            event.args.variableValues = capped;
          }
          return next();
        },
      },
    },
  };
}
