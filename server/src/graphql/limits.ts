import type { ApolloServerPlugin } from '@apollo/server';
import {
  BREAK, GraphQLError, Kind, visit, type ASTVisitor, type FragmentDefinitionNode, type GraphQLFormattedError, type GraphQLSchema,
  type SelectionSetNode, type ValidationContext,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Context } from './context';
import { MAX_PAGE } from '../services/paging';

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

/**
 * Fragment spreads and inline fragments one document may hold. graphql-js compares the fields of
 * every fragment with every other one (OverlappingFieldsCanBeMerged) and gives up after a fixed
 * work budget with a bare "Validation aborted." — about 500 distinct fragment spreads on one object
 * is enough — and reports each bad spread of thousands separately until it stops at 100 errors.
 * Real queries use a few dozen; counting them first says which limit was hit.
 */
export const MAX_FRAGMENTS = 200;

export function fragmentLimit(max = MAX_FRAGMENTS) {
  return (ctx: ValidationContext): ASTVisitor => ({
    Document(node) {
      let count = 0;
      visit(node, { FragmentSpread: () => void count++, InlineFragment: () => void count++ });
      if (count > max) {
        ctx.reportError(
          new GraphQLError(
            `The query holds ${count} fragment spreads and inline fragments; at most ${max} are allowed. ` +
              'Spread each fragment once per selection, or split the query.',
            { extensions: { code: 'QUERY_TOO_COMPLEX', fragments: count, maxFragments: max } },
          ),
        );
      }
      return BREAK; // nothing more for this rule to look at
    },
  });
}

/**
 * graphql-js's own give-ups, in words that say what was hit (see MAX_FRAGMENTS); null for any
 * other error. "Validation aborted." is its budget for comparing fields that could overlap.
 */
export function explainValidationAbort(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  if (formatted.message === 'Validation aborted.') {
    return {
      message:
        'The query is too large to validate: checking that its fields and fragments do not conflict went past its fixed budget. ' +
        `Ask for each field once per selection, and use at most ${MAX_FRAGMENTS} fragment spreads (fewer if they are all different).`,
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    };
  }
  if (formatted.message === 'Too many validation errors, error limit reached. Validation aborted.') {
    return {
      message: 'Validation stopped after 100 errors; fix the errors listed before this one and send the query again.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
  }
  return null;
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
        // over the fragment limit, everything else graphql-js reported is a consequence of the size
        // (one error per spread of thousands, or its budget give-up): answer with the limit alone
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const limit = result.errors?.find((e) => e.extensions?.maxFragments !== undefined);
          if (limit) result.errors = [limit];
        },
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
