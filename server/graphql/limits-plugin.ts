// Limits on what one GraphQL request may ask for (issue 13 item 3; docs/security.md):
// depth and aliases (graphql-armor validation rules), a maximum page size on every connection's
// first/last, introspection off in production. Request size: grafserv's maxRequestLength (preset).
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import {
  GraphQLError, Kind, NoSchemaIntrospectionCustomRule, TypeInfo, getNamedType, visit, visitWithTypeInfo,
  type DocumentNode, type GraphQLSchema, type ValidationContext, type ValidationRule,
} from 'postgraphile/graphql';

export interface GraphqlLimits {
  maxDepth: number;
  maxAliases: number;
  maxPageSize: number;
  /** Largest product of the first/last values along one path of nested connections. */
  maxRows: number;
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

/**
 * Nested connections multiply: members(first: 400) { nodes { tenant { members(first: 3000) ...
 * asks for 1.2 million rows. The product of first/last along each path is held to maxRows (a
 * variable counts as the maximum page size; a connection without first/last counts as 1).
 */
function maxRowsRule(maxRows: number, maxPageSize: number): ValidationRule {
  return (context: ValidationContext) => {
    const factors: number[] = [];
    let product = 1;
    let reported = false;
    return {
      Field: {
        enter(node) {
          const page = node.arguments?.find((argument) => PAGE_ARGUMENTS.has(argument.name.value));
          const factor = !page ? 1 : page.value.kind === Kind.INT ? Math.max(1, Number(page.value.value)) : maxPageSize;
          factors.push(factor);
          product *= factor;
          if (product > maxRows && !reported) {
            reported = true;
            context.reportError(new GraphQLError(`nested connections ask for up to ${product} rows, above the limit of ${maxRows} (first/last multiplied along the path); ask for smaller pages`, { nodes: [node] }));
          }
        },
        leave() {
          product /= factors.pop() ?? 1;
        },
      },
    };
  };
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

/**
 * A connection asked for without first/last gets first: maxPageSize, so that no single list returns a whole table.
 * The rewritten document is kept per parsed document, so grafast's plan cache (by document) still works.
 */
const withDefaultPageSize = new WeakMap<DocumentNode, DocumentNode>();
function defaultPageSize(schema: GraphQLSchema, document: DocumentNode, pageSize: number): DocumentNode {
  const known = withDefaultPageSize.get(document);
  if (known) return known;
  const typeInfo = new TypeInfo(schema);
  const rewritten = visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      const definition = typeInfo.getFieldDef();
      const returns = definition ? getNamedType(definition.type) : null;
      if (!definition || !returns?.name.endsWith('Connection') || !definition.args.some((a) => a.name === 'first')) return undefined;
      if (node.arguments?.some((a) => PAGE_ARGUMENTS.has(a.name.value))) return undefined;
      const first = { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'first' }, value: { kind: Kind.INT, value: String(pageSize) } } as const;
      return { ...node, arguments: [...(node.arguments ?? []), first] };
    },
  }));
  withDefaultPageSize.set(document, rewritten);
  return rewritten;
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
            maxRowsRule(limits.maxRows, limits.maxPageSize),
          );
          if (!limits.introspection) event.validationRules.push(NoSchemaIntrospectionCustomRule);
          return next();
        },
      },
    },
    grafast: {
      middleware: {
        // Validation does not see variable values: a first/last given by a variable is capped here,
        // and a connection without first/last gets the maximum page size.
        prepareArgs(next, event) {
          event.args.document = defaultPageSize(event.args.schema, event.args.document, limits.maxPageSize);
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
