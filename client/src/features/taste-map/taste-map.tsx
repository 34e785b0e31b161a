import { useQuery } from '@apollo/client/react';
import { useState, type ReactNode } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import { describeError } from '../../lib/describe-error';
import type { Strategy, TasteMapQuery } from '../../gql/graphql';
import { MapLegend, SERIES, type SeriesKey } from './map-legend';

const TasteMapStrategies = graphql(`
  query TasteMapStrategies {
    strategies {
      name
      hasTasteMap
    }
  }
`);

const TasteMapDocument = graphql(`
  query TasteMap($strategy: Strategy!, $userId: ID, $limit: Int!) {
    tasteMap(strategy: $strategy, userId: $userId, limit: $limit) {
      strategy
      modelVersionId
      explainedVariance
      items {
        item {
          id
          displayTitle
          year
        }
        x
        y
        popularity
        rated
        recommended
      }
      user {
        x
        y
      }
    }
  }
`);

type MapItem = TasteMapQuery['tasteMap']['items'][number];
interface Point {
  x: number;
  y: number;
  popularity: number;
  label: string;
  kind: SeriesKey;
}

const pct = (share: number | undefined) => `${Math.round((share ?? 0) * 100)}%`;
const fmt = (v: number) => v.toFixed(2);
const titleOf = (m: MapItem) => (m.item.year ? `${m.item.displayTitle} (${m.item.year})` : m.item.displayTitle);

interface Props {
  /** the user to place on the map (their position, ratings and recommendations); none: the catalog alone */
  userId?: string;
  /** how many of the most popular items to draw (the user's own items are always added) */
  limit?: number;
  /** the strategy to show first when it has a map (e.g. the page's strategy) */
  preferred?: Strategy;
  /** extra controls shown beside the model switch (the dashboard's user field) */
  controls?: ReactNode;
}

/**
 * The catalog on the two main axes of a factor model's space (Query.tasteMap): close points are
 * items the model sees alike, and a user's recommendations lie the way their own position points.
 * Which models have a map is the server's answer (StrategyInfo.hasTasteMap), not a list here.
 */
export function TasteMap({ userId, limit = 500, preferred, controls }: Props) {
  const strategies = useQuery(TasteMapStrategies);
  const mappable = (strategies.data?.strategies ?? []).filter((s) => s.hasTasteMap).map((s) => s.name);
  const [chosen, setChosen] = useState<Strategy | null>(null);
  const strategy = [chosen, preferred].find((s) => s && mappable.includes(s)) ?? mappable[0];
  const { data, loading, error } = useQuery(TasteMapDocument, {
    variables: { strategy: strategy!, userId: userId || null, limit },
    skip: !strategy,
  });
  const map = data?.tasteMap;

  return (
    <section aria-labelledby="taste-map-heading" className="taste-map">
      <h2 id="taste-map-heading">Taste map{userId ? <span className="sub"> (user {userId})</span> : null}</h2>
      <p className="meta">
        Each dot is an item, placed by the model’s latent factors: items close together are ones the model considers alike. Bigger dots are more popular.
        {userId
          ? ' The diamond is the user’s own taste, projected the same way: recommendations match it across all of the model’s dimensions, of which the map shows the two that vary most.'
          : ''}
      </p>
      <div className="controls">
        {controls}
        {mappable.length > 1 ? (
          <span className="taste-map-switch">
            {/* not wrapping the select: its option texts would become part of the label */}
            <label htmlFor="taste-map-model">Model</label>
            <select id="taste-map-model" value={strategy} onChange={(e) => setChosen(e.target.value as Strategy)}>
              {mappable.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </span>
        ) : null}
      </div>
      {strategies.error ? (
        <ErrorNotice error={strategies.error} />
      ) : strategies.loading && !strategies.data ? (
        <Loading label="Loading the taste map…" />
      ) : !strategy ? (
        <Empty>No factor model (such as SVD or ALS) is being served yet, so there is no map to draw.</Empty>
      ) : error && !data && describeError(error).code === 'NOT_FOUND' ? (
        // the page around it already says the user is unknown (and offers to create it): once is enough
        <Empty>No user has the id {userId}, so there is no one to place on the map.</Empty>
      ) : error && !data ? (
        <ErrorNotice error={error} userId={userId} />
      ) : loading && !map ? (
        <Loading label="Loading the taste map…" />
      ) : map ? (
        <MapFigure map={map} hasUser={!!userId} />
      ) : null}
    </section>
  );
}

function MapFigure({ map, hasUser }: { map: TasteMapQuery['tasteMap']; hasUser: boolean }) {
  const series: Record<SeriesKey, Point[]> = {
    catalog: [],
    rated: [],
    recommended: [],
    user: [],
  };
  for (const m of map.items) {
    const kind: SeriesKey = m.recommended ? 'recommended' : m.rated ? 'rated' : 'catalog';
    series[kind].push({
      x: m.x,
      y: m.y,
      popularity: m.popularity,
      label: titleOf(m),
      kind,
    });
  }
  if (map.user)
    series.user.push({
      x: map.user.x,
      y: map.user.y,
      popularity: 0,
      label: 'You are here: this user’s taste',
      kind: 'user',
    });
  const recs = map.items.filter((m) => m.recommended);
  const [v1, v2] = map.explainedVariance;
  const shown: SeriesKey[] = hasUser ? ['catalog', 'rated', 'recommended', 'user'] : ['catalog'];
  return (
    <figure className="chart taste-map-figure" aria-describedby="taste-map-summary">
      <ResponsiveContainer width="100%" height={440}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            type="number"
            dataKey="x"
            name="first axis"
            stroke="var(--muted)"
            tickFormatter={fmt}
            domain={['auto', 'auto']}
            label={{
              value: `first axis: ${pct(v1)} of the variance`,
              position: 'insideBottom',
              offset: -16,
              fill: 'var(--muted)',
            }}
          />
          <YAxis
            type="number"
            dataKey="y"
            name="second axis"
            stroke="var(--muted)"
            tickFormatter={fmt}
            width={56}
            domain={['auto', 'auto']}
            label={{
              value: `second axis: ${pct(v2)}`,
              angle: -90,
              position: 'insideLeft',
              fill: 'var(--muted)',
            }}
          />
          <ZAxis type="number" dataKey="popularity" range={[14, 180]} />
          <ZAxis type="number" dataKey="popularity" zAxisId="fixed" range={[260, 260]} />
          <Tooltip content={<PointTooltip />} isAnimationActive={false} cursor={{ strokeDasharray: '3 3' }} />
          {(['catalog', 'rated', 'recommended'] as const).map((k) => (
            <Scatter
              key={k}
              name={SERIES[k].label}
              data={series[k]}
              className={`taste-map-${k}`}
              shape={SERIES[k].shape}
              fill={SERIES[k].fill}
              fillOpacity={k === 'catalog' ? 0.35 : 0.95}
              stroke={SERIES[k].stroke}
              strokeWidth={k === 'catalog' ? 0 : 1.5}
              zAxisId={k === 'catalog' ? 0 : 'fixed'}
              isAnimationActive={false}
            />
          ))}
          <Scatter
            name={SERIES.user.label}
            data={series.user}
            className="taste-map-user"
            shape={SERIES.user.shape}
            fill={SERIES.user.fill}
            stroke={SERIES.user.stroke}
            strokeWidth={2}
            zAxisId="fixed"
            isAnimationActive={false}
          />
        </ScatterChart>
      </ResponsiveContainer>
      <MapLegend keys={shown} />
      <figcaption id="taste-map-summary" className="sr-only">
        Taste map of the {map.strategy} model (version {map.modelVersionId}): {map.items.length} items on two axes that explain {pct(v1)} and {pct(v2)} of the variance of its item
        factors.
        {map.user ? ` The user is at (${fmt(map.user.x)}, ${fmt(map.user.y)}); ${series.rated.length} rated and ${recs.length} recommended items are highlighted.` : ''}
      </figcaption>
      {map.user || recs.length ? (
        <table className="sr-only">
          <caption>Positions on the taste map</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">First axis</th>
              <th scope="col">Second axis</th>
            </tr>
          </thead>
          <tbody>
            {map.user ? (
              <tr>
                <th scope="row">This user</th>
                <td>{fmt(map.user.x)}</td>
                <td>{fmt(map.user.y)}</td>
              </tr>
            ) : null}
            {recs.map((m) => (
              <tr key={m.item.id}>
                <th scope="row">Recommended: {titleOf(m)}</th>
                <td>{fmt(m.x)}</td>
                <td>{fmt(m.y)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </figure>
  );
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Point }[] }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="taste-map-tooltip">
      <strong>{p.label}</strong>
      {p.kind !== 'user' ? (
        <div className="meta">
          {p.popularity} interactions
          {p.kind === 'rated' ? ' · rated by this user' : p.kind === 'recommended' ? ' · recommended' : ''}
        </div>
      ) : null}
    </div>
  );
}
