import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Context } from '../graphql/context';

/** Prometheus metrics, one registry per server (tests run several in one process). */
export class Metrics {
  readonly registry = new Registry();
  readonly requestDuration = new Histogram({
    name: 'tastegraph_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation',
    labelNames: ['operation', 'type'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly recommendationDuration = new Histogram({
    name: 'tastegraph_recommendation_duration_seconds',
    help: 'Time to compute one recommendation list, by strategy that produced it',
    labelNames: ['strategy'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'tastegraph_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly modelVersion = new Gauge({
    name: 'tastegraph_model_version',
    help: 'Id of the model version being served, by strategy (0 = fitted at start, not stored)',
    labelNames: ['strategy'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tastegraph_' });
  }

  plugin(): ApolloServerPlugin<Context> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the hooks below are Apollo's methods, with their own `this`
    const m = this;
    return {
      async requestDidStart() {
        const start = process.hrtime.bigint();
        let operation = 'unknown';
        let type = 'unknown';
        return {
          async didResolveOperation({ operationName, operation: op }) {
            operation = operationName ?? op?.selectionSet.selections.map((s) => ('name' in s && s.name ? s.name.value : '…')).join(',') ?? 'anonymous';
            type = op?.operation ?? 'unknown';
          },
          // counted from the response as sent, after formatError settled each error's code
          async willSendResponse({ response }) {
            const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
            for (const e of errors) m.errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
            m.requestDuration.observe({ operation: operation.slice(0, 64), type }, Number(process.hrtime.bigint() - start) / 1e9);
          },
        };
      },
    };
  }
}
