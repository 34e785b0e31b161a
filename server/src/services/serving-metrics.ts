/**
 * What serving reports to whoever collects metrics (http/metrics.ts's Prometheus registry implements
 * it), so services do not import the HTTP layer.
 */
export interface ServingMetrics {
  recommendationDuration: { observe(labels: { strategy: string }, seconds: number): void };
  modelVersion: { set(labels: { strategy: string }, value: number): void };
}
