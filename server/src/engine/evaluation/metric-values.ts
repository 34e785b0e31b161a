/**
 * The metrics as reported (CLI JSON, stored model versions): null where a strategy cannot produce one.
 * A type alias, not an interface, so it is assignable to Record<string, number | null>.
 */
export type MetricValues = {
  rmse: number | null;
  mae: number | null;
  precisionAtK: number | null;
  recallAtK: number | null;
  ndcgAtK: number | null;
  mapAtK: number | null;
  hitRateAtK: number | null;
  coverage: number | null;
  novelty: number | null;
};

const finiteOrNull = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);

/** NaN / null / ±Infinity become null, so the values survive JSON as they are */
export function metricValues(s: { [K in keyof MetricValues]: number | null }): MetricValues {
  return {
    rmse: finiteOrNull(s.rmse),
    mae: finiteOrNull(s.mae),
    precisionAtK: finiteOrNull(s.precisionAtK),
    recallAtK: finiteOrNull(s.recallAtK),
    ndcgAtK: finiteOrNull(s.ndcgAtK),
    mapAtK: finiteOrNull(s.mapAtK),
    hitRateAtK: finiteOrNull(s.hitRateAtK),
    coverage: finiteOrNull(s.coverage),
    novelty: finiteOrNull(s.novelty),
  };
}
