import { useQuery } from '@apollo/client/react';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import type { ExperimentRowFragment } from '../../gql/graphql';
import { useStrategies } from '../../lib/strategies';
import { percent } from './online-range';
import { RateInterval } from './rate-interval';

export const ExperimentRowFields = graphql(`
  fragment ExperimentRow on Experiment {
    id
    name
    metric
    status
    leader
    probabilityLeaderIsBest
    startedAt
    stoppedAt
    arms {
      name
      strategy
      modelVersionId
      traffic
      impressions
      clicks
      conversions
      rate
      rateLow
      rateHigh
      probabilityBest
    }
  }
`);

export const ExperimentsQuery = graphql(`
  query Experiments {
    experiments {
      ...ExperimentRow
    }
  }
`);

/** how sure the leader is, in words: the README's reading of the probability */
export function leaderVerdict(e: Pick<ExperimentRowFragment, 'leader' | 'probabilityLeaderIsBest'>): string {
  if (!e.leader || e.probabilityLeaderIsBest == null) return 'No impressions yet';
  const p = e.probabilityLeaderIsBest;
  const sure = p >= 0.95 ? 'a clear leader' : p >= 0.8 ? 'leading, not yet clear' : 'too close to call';
  return `${e.leader}: ${percent(p, 1)} likely best (${sure})`;
}

function ExperimentCard({ e }: { e: ExperimentRowFragment }) {
  const { colorOf } = useStrategies();
  const scaleMax = Math.max(0, ...e.arms.map((a) => a.rateHigh ?? 0)) * 1.1;
  const metric = e.metric === 'CTR' ? 'click-through' : 'conversion';
  return (
    <article className="experiment" data-experiment-id={e.id} aria-labelledby={`experiment-${e.id}`}>
      <h4 id={`experiment-${e.id}`}>
        {e.name}{' '}
        <span className="meta">
          · {e.status.toLowerCase()} · {metric} rate
        </span>
      </h4>
      <p data-leader={e.leader ?? ''}>
        <strong>Leader:</strong> {leaderVerdict(e)}
      </p>
      {/* a region that takes focus: a keyboard can scroll it when the table is wider than the page (axe: scrollable-region-focusable) */}
      <div className="table-wrap" role="region" aria-label="Experiments" tabIndex={0}>
        <table className="metrics-table">
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col">Serves</th>
              <th scope="col" className="num">
                Traffic
              </th>
              <th scope="col" className="num">
                Impressions
              </th>
              <th scope="col" className="num">
                Clicks
              </th>
              <th scope="col" className="num">
                Conversions
              </th>
              <th scope="col">Rate (95% interval)</th>
              <th scope="col" className="num">
                P(best)
              </th>
            </tr>
          </thead>
          <tbody>
            {e.arms.map((a) => (
              <tr key={a.name} data-arm={a.name}>
                <th scope="row">{a.name}</th>
                <td>
                  {a.strategy}
                  {a.modelVersionId ? ` #${a.modelVersionId}` : ' (active)'}
                </td>
                <td className="num">{percent(a.traffic, 0)}</td>
                <td className="num">{a.impressions.toLocaleString()}</td>
                <td className="num">{a.clicks.toLocaleString()}</td>
                <td className="num">{a.conversions.toLocaleString()}</td>
                <td>
                  <RateInterval rate={a.rate ?? null} low={a.rateLow ?? null} high={a.rateHigh ?? null} scaleMax={scaleMax} color={colorOf(a.strategy)} />
                </td>
                <td className="num">{percent(a.probabilityBest, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

/** Every experiment, newest first, each arm's live rate with its interval, the leader and how sure. */
export function ExperimentsTable() {
  const { data, loading, error } = useQuery(ExperimentsQuery, { pollInterval: 15_000 });
  if (error) return <ErrorNotice error={error} />;
  if (loading && !data) return <Loading label="Loading experiments…" />;
  const experiments = data?.experiments ?? [];
  if (!experiments.length) {
    return (
      <Empty>
        No experiments yet. An admin starts one with <code>createExperiment</code> and <code>startExperiment</code> (see the API page); while it runs, AUTO lists are served by each
        user’s arm.
      </Empty>
    );
  }
  return (
    <div className="experiments">
      {experiments.map((e) => (
        <ExperimentCard key={e.id} e={e} />
      ))}
    </div>
  );
}
