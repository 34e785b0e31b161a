import { useQuery } from '@apollo/client/react';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';

export const TrainingJobRowFields = graphql(`
  fragment TrainingJobRow on TrainingJob {
    id
    strategy
    status
    stage
    progress
    epoch
    loss
    error
    reason
    createdAt
    startedAt
    finishedAt
    modelVersion {
      id
      active
      statusReason
    }
  }
`);

const TrainingJobsQuery = graphql(`
  query TrainingJobs {
    trainingJobs(limit: 20) {
      ...TrainingJobRow
    }
  }
`);

function duration(start?: string | null, end?: string | null): string {
  if (!start || !end) return '—';
  return `${((new Date(end).getTime() - new Date(start).getTime()) / 1000).toFixed(1)} s`;
}

/** The last training runs: what ran, why, how long, what it produced or why it failed. */
export function TrainingHistory() {
  const { data, loading, error } = useQuery(TrainingJobsQuery);
  if (error && !data) return <ErrorNotice error={error} />;
  if (loading && !data) return <Loading label="Loading training history…" />;
  const jobs = data?.trainingJobs ?? [];
  if (!jobs.length) return <Empty>No training jobs yet.</Empty>;
  // a region that takes focus: a keyboard can scroll it when the table is wider than the page (axe: scrollable-region-focusable)
  return (
    <div className="table-wrap" role="region" aria-label="Training history" tabIndex={0}>
      <table aria-label="Training history">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Strategy</th>
            <th scope="col">Status</th>
            <th scope="col">Why</th>
            <th scope="col">Queued</th>
            <th scope="col" className="num">
              Took
            </th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id}>
              <td>#{j.id}</td>
              <td>{j.strategy}</td>
              <td>{j.status.toLowerCase()}</td>
              <td>{j.reason}</td>
              <td>{new Date(j.createdAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' })}</td>
              <td className="num">{duration(j.startedAt, j.finishedAt)}</td>
              <td>{j.error ? <span className="error-text">{j.error}</span> : j.modelVersion ? `version #${j.modelVersion.id}` : (j.stage ?? '—')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
