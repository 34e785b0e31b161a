import type { ModelVersionRowFragment } from '../../gql/graphql';

type ModelMetrics = NonNullable<ModelVersionRowFragment['metrics']>;

/** The metric columns, in the order the table and charts show them. */
export const METRIC_COLUMNS = [
  { key: 'rmse', label: 'RMSE', short: 'RMSE', lowerIsBetter: true },
  { key: 'mae', label: 'MAE', short: 'MAE', lowerIsBetter: true },
  { key: 'precisionAtK', label: 'Precision@K', short: 'P@K' },
  { key: 'recallAtK', label: 'Recall@K', short: 'R@K' },
  { key: 'ndcgAtK', label: 'NDCG@K', short: 'NDCG@K' },
  { key: 'mapAtK', label: 'MAP@K', short: 'MAP@K' },
  { key: 'coverage', label: 'Coverage', short: 'Cov.' },
] as const satisfies readonly { key: keyof ModelMetrics; label: string; short: string; lowerIsBetter?: boolean }[];

export type MetricKey = (typeof METRIC_COLUMNS)[number]['key'];

/** four decimals, "—" when the strategy cannot be measured that way (popularity has no RMSE) */
export function formatMetric(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? '—' : value.toFixed(4);
}
