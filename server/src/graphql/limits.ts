import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Context } from './context';
import { MAX_PAGE } from './pagination';

/**
 * Depth limit as a validation rule: nested selections beyond `max` are refused before anything runs.
 * Introspection (__schema, __type) is exempt: IDEs need its deep `ofType` chains.
 */
export function depthLimit(max: number) {
  return (ctx: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of ctx.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const depth = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          if (s.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, 1 + depth(s.selectionSet, seen));
        } else if (s.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depth(s.selectionSet, seen));
        } else {
          const name = s.name.value;
          const f = fragments.get(name);
          if (!f || seen.has(name)) continue; // unknown / cyclic fragments are reported by other rules
          deepest = Math.max(deepest, depth(f.selectionSet, new Set([...seen, name])));
        }
        if (deepest > max) return deepest;
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const d = depth(node.selectionSet, new Set());
        if (d > max) {
          ctx.reportError(
            new GraphQLError(`Query is ${d} levels deep; the limit is ${max}. Ask for fewer nested fields.`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_COMPLEX', depth: d, maxDepth: max },
            }),
          );
        }
      },
    };
  };
}

/** a list field costs its page size (limit/first, else 10) times its children */
const listEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const size = typeof args.limit === 'number' ? args.limit : typeof args.first === 'number' ? args.first : undefined;
  // sizes above the cap are refused by the argument check with a clearer BAD_USER_INPUT naming
  // the field and its maximum; costing them uncapped would hide that behind QUERY_TOO_COMPLEX
  if (size !== undefined) return 1 + Math.min(Math.max(0, size), MAX_PAGE) * Math.max(1, childComplexity);
  if (field.name === 'compareStrategies') return 1 + 4 * 10 * Math.max(1, childComplexity);
  return undefined as unknown as number; // fall through to the next estimator
};

/** Refuses operations whose estimated cost exceeds `max` (aliases count, list sizes multiply). */
export function costLimit(schema: GraphQLSchema, max: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // no operation by that name: graphql-js reports it; the estimator would crash on it
          if (!operation) return;
          // the schema has no subscriptions: say so, instead of an internal error at execution
          if (operation.operation === 'subscription') {
            throw new GraphQLError('Subscriptions are not supported; poll the query instead.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (e) {
            // variables that do not fit their types: execution refuses them with BAD_USER_INPUT
            // (throwing here would answer 500 with no code)
            if (e instanceof GraphQLError && /^Variable "\$/.test(e.message)) return;
            throw new GraphQLError(`Query could not be costed: ${e instanceof GraphQLError ? e.message : 'the estimator failed.'} Ask for fewer fields and aliases.`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
          if (cost > max) {
            throw new GraphQLError(
              `Query cost ${cost} exceeds the limit of ${max}. Lower "limit"/"first" values or ask for fewer fields and aliases.`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: max, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
