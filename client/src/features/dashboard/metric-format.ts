import type { ModelVersionRowFragment } from '../../gql/graphql';

type ModelMetrics = NonNullable<ModelVersionRowFragment['metrics']>;

/** The metric columns, in the order the table and charts show them. */
export const METRIC_COLUMNS = [
  { key: 'rmse', label: 'RMSE', lowerIsBetter: true },
  { key: 'mae', label: 'MAE', lowerIsBetter: true },
  { key: 'precisionAtK', label: 'Precision@K' },
  { key: 'recallAtK', label: 'Recall@K' },
  { key: 'ndcgAtK', label: 'NDCG@K' },
  { key: 'mapAtK', label: 'MAP@K' },
  { key: 'coverage', label: 'Coverage' },
] as const satisfies readonly { key: keyof ModelMetrics; label: string; lowerIsBetter?: boolean }[];

export type MetricKey = (typeof METRIC_COLUMNS)[number]['key'];

/** four decimals, "—" when the strategy cannot be measured that way (popularity has no RMSE) */
export function formatMetric(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? '—' : value.toFixed(4);
}
