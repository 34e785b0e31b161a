import type { ApolloServerPlugin } from '@apollo/server';
import {
  BREAK,
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DirectiveNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Context } from './context';
import { MAX_PAGE } from '../services/paging';
import { MAX_TASTE_MAP_ITEMS } from '../services/taste-map.service';

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
      // spreads and inline fragments live only in selection sets: a plain walk of them counts the
      // same as graphql-js's visit() over every node, at a fraction of its cost per new document
      let count = 0;
      const walk = (set: SelectionSetNode | undefined) => {
        if (!set) return;
        for (const s of set.selections) {
          if (s.kind === Kind.FRAGMENT_SPREAD) count++;
          else {
            if (s.kind === Kind.INLINE_FRAGMENT) count++;
            walk(s.selectionSet);
          }
        }
      };
      for (const d of node.definitions) if ('selectionSet' in d) walk(d.selectionSet);
      if (count > max) {
        ctx.reportError(
          new GraphQLError(
            `The query holds ${count} fragment spreads and inline fragments; at most ${max} are allowed. ` + 'Spread each fragment once per selection, or split the query.',
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
  // a taste map's points are computed once per model version and their items load in one batch:
  // priced per ten points, so the default 500 costs what a 50-row list does (2,000 at most: 200)
  if (field.name === 'tasteMap') return 1 + Math.ceil(Math.min(Math.max(1, size ?? 500), MAX_TASTE_MAP_ITEMS) / 10) * Math.max(1, childComplexity);
  if (size !== undefined) return 1 + Math.min(Math.max(0, size), MAX_PAGE) * Math.max(1, childComplexity);
  if (field.name === 'compareStrategies') return 1 + 4 * 10 * Math.max(1, childComplexity);
  return undefined as unknown as number; // fall through to the next estimator
};

/** the arguments whose values listEstimator reads; besides them only @skip/@include change a cost */
const SIZE_ARGS = new Set(['limit', 'first']);

/**
 * The variables an operation's cost can depend on: those inside `limit`/`first` arguments and
 * inside directives (getComplexity honours @skip/@include), in the operation or any fragment of
 * its document. Any other variable (an id, a filter) cannot change what the estimators return.
 */
function costVariables(document: { definitions: readonly unknown[] }, operation: OperationDefinitionNode): string[] {
  const names = new Set<string>();
  const inValue = (v: ValueNode): void => {
    if (v.kind === Kind.VARIABLE) names.add(v.name.value);
    else if (v.kind === Kind.LIST) v.values.forEach(inValue);
    else if (v.kind === Kind.OBJECT) for (const f of v.fields) inValue(f.value);
  };
  const inDirectives = (ds: readonly DirectiveNode[] | undefined) => {
    for (const d of ds ?? []) for (const a of d.arguments ?? []) inValue(a.value);
  };
  const walk = (set: SelectionSetNode | undefined): void => {
    for (const s of set?.selections ?? []) {
      inDirectives(s.directives);
      if (s.kind === Kind.FIELD) for (const a of s.arguments ?? []) if (SIZE_ARGS.has(a.name.value)) inValue(a.value);
      if (s.kind !== Kind.FRAGMENT_SPREAD) walk(s.selectionSet);
    }
  };
  inDirectives(operation.directives);
  walk(operation.selectionSet);
  for (const d of document.definitions as FragmentDefinitionNode[]) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) {
      inDirectives(d.directives);
      walk(d.selectionSet);
    }
  }
  return [...names].sort();
}

/** costs remembered per operation; beyond this many variable combinations, one starts afresh */
const MAX_COSTS_PER_OPERATION = 256;

/**
 * Refuses operations whose estimated cost exceeds `max` (aliases count, list sizes multiply).
 *
 * Apollo hands every request with the same query text the same parsed document (its document
 * store), and a cost is a function of the operation and the values of the few variables found by
 * costVariables: an operation already costed within the limit with those values is let through
 * without walking it again (the walk was ~12% of a cached list's CPU). Anything else — a new
 * document, new values, a cost over the limit, variables that did not coerce — takes the full path
 * below, so every refusal and its message are exactly what a first request gets.
 */
export function costLimit(schema: GraphQLSchema, max: number): ApolloServerPlugin<Context> {
  const known = new WeakMap<OperationDefinitionNode, { variables: string[]; within: Set<string> }>();
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
          let seen = known.get(operation);
          if (!seen) known.set(operation, (seen = { variables: costVariables(document, operation), within: new Set() }));
          const vars = request.variables ?? {};
          // [] for a variable not sent (its default applies), [value] for one sent, null included
          const key = seen.variables.length ? JSON.stringify(seen.variables.map((n) => (n in vars ? [vars[n]] : []))) : '';
          if (seen.within.has(key)) return;
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
          if (cost <= max) {
            if (seen.within.size >= MAX_COSTS_PER_OPERATION) seen.within.clear();
            seen.within.add(key);
          } else {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${max}. Lower "limit"/"first" values or ask for fewer fields and aliases.`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: max, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
