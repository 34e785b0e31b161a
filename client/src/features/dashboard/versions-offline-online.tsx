import { useQuery } from '@apollo/client/react';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import { formatMetric } from './metric-format';
import { ModelVersionsQuery } from './model-versions';
import { percent } from './online-range';

export const OnlineByVersionQuery = graphql(`
  query OnlineByVersion($from: DateTime!) {
    onlineMetrics(from: $from, groupBy: MODEL_VERSION, bucket: DAY) {
      modelVersionId
      impressions
      clicks
      conversions
    }
  }
`);

export interface VersionTotals {
  impressions: number;
  clicks: number;
  conversions: number;
}

/** the window's daily rows summed per version (rates are recomputed from the sums, never averaged) */
export function totalsByVersion(rows: readonly ({ modelVersionId?: string | null } & VersionTotals)[]): Map<string, VersionTotals> {
  const out = new Map<string, VersionTotals>();
  for (const r of rows) {
    if (!r.modelVersionId) continue;
    const t = out.get(r.modelVersionId) ?? { impressions: 0, clicks: 0, conversions: 0 };
    t.impressions += r.impressions;
    t.clicks += r.clicks;
    t.conversions += r.conversions;
    out.set(r.modelVersionId, t);
  }
  return out;
}

/**
 * Each model version that served in the window (and each active one), its offline NDCG measured on
 * held-out interactions beside its online click-through and conversion: does offline agree with live?
 */
export function VersionsOfflineOnline({ from }: { from: string }) {
  const versions = useQuery(ModelVersionsQuery);
  const online = useQuery(OnlineByVersionQuery, { variables: { from }, pollInterval: 15_000 });
  const error = versions.error ?? online.error;
  if (error) return <ErrorNotice error={error} />;
  if ((versions.loading && !versions.data) || (online.loading && !online.data)) return <Loading label="Loading versions…" />;
  const totals = totalsByVersion(online.data?.onlineMetrics ?? []);
  const shown = (versions.data?.models ?? []).filter((v) => v.active || totals.has(v.id));
  if (!shown.length) return <Empty>No model version has served yet.</Empty>;
  const k = shown.find((v) => v.metrics?.k)?.metrics?.k ?? 'K';
  return (
    <div className="table-wrap" role="region" aria-label="Model versions offline and online" tabIndex={0}>
      <table className="metrics-table" aria-label="Model versions: offline NDCG beside online click-through">
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            <th scope="col">Version</th>
            <th scope="col" className="num">
              NDCG@{k} (offline)
            </th>
            <th scope="col" className="num">
              Impressions
            </th>
            <th scope="col" className="num">
              CTR (online)
            </th>
            <th scope="col" className="num">
              Conversion rate
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((v) => {
            const t = totals.get(v.id);
            return (
              <tr key={v.id} data-online-version-id={v.id} className={v.active ? 'row-active' : undefined}>
                <th scope="row">{v.strategy}</th>
                <td>
                  #{v.id}
                  {v.active ? ' (active)' : ''}
                </td>
                <td className="num">{formatMetric(v.metrics?.ndcgAtK)}</td>
                <td className="num">{(t?.impressions ?? 0).toLocaleString()}</td>
                <td className="num">{t?.impressions ? percent(t.clicks / t.impressions, 2) : '—'}</td>
                <td className="num">{t?.impressions ? percent(t.conversions / t.impressions, 2) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
