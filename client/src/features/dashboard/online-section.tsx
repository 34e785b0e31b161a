import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import { ExperimentsTable } from './experiments-table';
import { OnlineCtrChart } from './online-ctr-chart';
import { ONLINE_RANGES, rangeStart, type OnlineRangeKey } from './online-range';
import { VersionsOfflineOnline } from './versions-offline-online';

export const OnlineByStrategyQuery = graphql(`
  query OnlineByStrategy($from: DateTime!, $bucket: TimeBucket!) {
    onlineMetrics(from: $from, groupBy: STRATEGY, bucket: $bucket) {
      strategy
      bucketStart
      impressions
      clicks
      ctr
    }
  }
`);

/** live figures refresh this often (the server's aggregates are cheap; people watch experiments) */
const POLL_MS = 15_000;

function CtrOverTime({ from, bucket }: { from: string; bucket: 'HOUR' | 'DAY' }) {
  const { data, loading, error } = useQuery(OnlineByStrategyQuery, { variables: { from, bucket }, pollInterval: POLL_MS });
  if (error) return <ErrorNotice error={error} />;
  if (loading && !data) return <Loading label="Loading online metrics…" />;
  const points = (data?.onlineMetrics ?? []).flatMap((r) => (r.strategy ? [{ ...r, strategy: r.strategy }] : []));
  if (!points.length) {
    return <Empty>No impressions in this window yet. Lists served from now on are counted; the README’s simulator can drive demo traffic.</Empty>;
  }
  return <OnlineCtrChart points={points} bucket={bucket} />;
}

/**
 * What live users did with the lists they were shown: click-through per strategy over time, the
 * experiments and their leaders, and each model version's offline NDCG beside its online CTR.
 */
export function OnlineSection() {
  // the window's start is fixed when a range is chosen (the poll repeats the same question, new
  // buckets appear as they fill); read from the clock in the handler, not during render
  const [{ rangeKey, from }, setWindow] = useState(() => ({ rangeKey: '7d' as OnlineRangeKey, from: rangeStart('7d', Date.now()) }));
  const range = ONLINE_RANGES.find((r) => r.key === rangeKey)!;
  return (
    <section aria-labelledby="online-heading">
      <h2 id="online-heading">Online</h2>
      <p className="meta">
        Live traffic: every list served is an impression; a click or purchase on a listed item (sent with the list’s <code>impressionId</code>) is attributed to the strategy, model
        version and experiment arm that served it. Intervals are 95%.
      </p>
      <label className="inline-field">
        Window{' '}
        <select
          value={rangeKey}
          onChange={(e) => {
            const key = e.target.value as OnlineRangeKey;
            setWindow({ rangeKey: key, from: rangeStart(key, Date.now()) });
          }}
        >
          {ONLINE_RANGES.map((r) => (
            <option key={r.key} value={r.key}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <CtrOverTime from={from} bucket={range.bucket} />
      <h3>Experiments</h3>
      <ExperimentsTable />
      <h3>Model versions: offline and online</h3>
      <VersionsOfflineOnline from={from} />
    </section>
  );
}
