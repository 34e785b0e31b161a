import { formatMetric, METRIC_COLUMNS } from './metric-format';

describe('formatMetric', () => {
  it('shows four decimals and a dash for missing values', () => {
    expect(formatMetric(0.87264)).toBe('0.8726');
    expect(formatMetric(1)).toBe('1.0000');
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(undefined)).toBe('—');
    expect(formatMetric(Number.NaN)).toBe('—');
  });
  it('lists the issue’s metrics, error metrics first', () => {
    expect(METRIC_COLUMNS.map((c) => c.key)).toEqual(['rmse', 'mae', 'precisionAtK', 'recallAtK', 'ndcgAtK', 'mapAtK', 'coverage']);
  });
});
