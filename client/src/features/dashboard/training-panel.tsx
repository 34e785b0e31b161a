import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { graphql } from '../../gql';
import type { Strategy } from '../../gql/graphql';

const TrainModel = graphql(`
  mutation TrainModel($strategy: Strategy!) {
    trainModel(strategy: $strategy) {
      ...TrainingJobRow
    }
  }
`);

const TrainingJobQuery = graphql(`
  query TrainingJobProgress($id: ID!) {
    trainingJob(id: $id) {
      ...TrainingJobRow
    }
  }
`);

const TRAINABLE: Strategy[] = ['POPULARITY', 'USER_CF', 'SVD'];
const POLL_MS = 500;
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Polls one job until it ends, then refreshes the versions table and the history. */
function JobProgress({ id }: { id: string }) {
  const client = useApolloClient();
  const { data, error, stopPolling } = useQuery(TrainingJobQuery, { variables: { id }, pollInterval: POLL_MS, fetchPolicy: 'network-only' });
  const job = data?.trainingJob;
  const done = job ? FINISHED.has(job.status) : false;
  useEffect(() => {
    if (!done) return;
    stopPolling();
    void client.refetchQueries({ include: ['ModelVersions', 'TrainingJobs'] });
  }, [done, stopPolling, client]);
  if (error && !job) return <ErrorNotice error={error} />;
  if (!job) return <p className="status">Queued…</p>;
  return (
    <div className="job-progress" role="status" aria-live="polite" data-job-status={job.status}>
      <progress max={1} value={job.progress} aria-label={`${job.strategy} training progress`} />
      <span className="meta">
        {job.status.toLowerCase()}
        {job.stage ? ` · ${job.stage}` : ''} · {Math.round(job.progress * 100)}%
        {job.epoch != null ? ` · epoch ${job.epoch}` : ''}
        {job.loss != null ? ` · loss ${job.loss.toFixed(4)}` : ''}
        {job.modelVersion ? ` · version #${job.modelVersion.id}` : ''}
      </span>
      {job.error ? <p className="error-text">{job.error}</p> : null}
      {job.modelVersion?.statusReason ? (
        // why the new version does (or does not) serve now: shown, not hidden in a tooltip
        <p className={job.modelVersion.active ? 'verdict' : 'verdict verdict-inactive'} data-testid="version-verdict">
          Version #{job.modelVersion.id}: {job.modelVersion.statusReason}
        </p>
      ) : null}
    </div>
  );
}

/** A Train button per strategy (admin key) with live progress. */
export function TrainingPanel({ canAdmin }: { canAdmin: boolean }) {
  const [jobs, setJobs] = useState<Partial<Record<Strategy, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [train, { loading }] = useMutation(TrainModel, { refetchQueries: ['TrainingJobs'] });
  return (
    <div className="training-panel">
      {error ? <ErrorNotice error={error} /> : null}
      <div className="train-grid">
        {TRAINABLE.map((s) => (
          <div key={s} className="card train-card" data-strategy={s}>
            <h4>{s}</h4>
            <button
              type="button"
              disabled={!canAdmin || loading}
              onClick={async () => {
                setError(null);
                try {
                  const res = await train({ variables: { strategy: s } });
                  if (res.data) setJobs((j) => ({ ...j, [s]: res.data!.trainModel.id }));
                } catch (e) {
                  setError(e);
                }
              }}
            >
              Train {s}
            </button>
            {jobs[s] ? <JobProgress key={jobs[s]} id={jobs[s]!} /> : null}
          </div>
        ))}
      </div>
    </div>
  );
}
