import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { Loading } from '../../components/status';
import { graphql } from '../../gql';
import { type StrategyInfo, useStrategies } from '../../lib/strategies';
import { defaultText, describeRange, paramsToSend } from './param-fields';

const TrainModel = graphql(`
  mutation TrainModel($strategy: Strategy!, $params: JSON) {
    trainModel(strategy: $strategy, params: $params) {
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
        {job.stage ? ` · ${job.stage}` : ''} · {Math.round(job.progress * 100)}%{job.epoch != null ? ` · epoch ${job.epoch}` : ''}
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

/** One trainable strategy: its description, a form for its parameters (from the server's ranges), Train, progress. */
function TrainCard({ strategy: s, color, canAdmin }: { strategy: StrategyInfo; color: string; canAdmin: boolean }) {
  const id = useId();
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [train, { loading }] = useMutation(TrainModel, { refetchQueries: ['TrainingJobs'] });
  const changed = Object.entries(texts).filter(([name, text]) => {
    const p = s.params.find((x) => x.name === name);
    return p && text !== defaultText(p);
  }).length;
  return (
    <form
      className="card train-card"
      data-strategy={s.name}
      aria-labelledby={`${id}-name`}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const { params, errors } = paramsToSend(s.params, texts);
        setProblems(errors);
        if (errors.length) return;
        try {
          // no params: the server trains with the registry's defaults
          const res = await train({ variables: params ? { strategy: s.name, params } : { strategy: s.name } });
          if (res.data) setJobId(res.data.trainModel.id);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <h3 id={`${id}-name`}>
        <span className="swatch" style={{ background: color }} aria-hidden="true" />
        {s.name}
      </h3>
      <p className="meta">{s.description}</p>
      {s.params.length ? (
        <details className="param-form">
          <summary>Parameters{changed ? ` (${changed} changed)` : ' (defaults)'}</summary>
          {s.params.map((p) => {
            const field = `${id}-${p.name}`;
            const value = texts[p.name] ?? defaultText(p);
            const set = (v: string) => setTexts((t) => ({ ...t, [p.name]: v }));
            return (
              <div key={p.name} className="param-field">
                <label htmlFor={field}>{p.name}</label>
                {p.choices ? (
                  <select id={field} value={value} onChange={(e) => set(e.target.value)} aria-describedby={`${field}-hint`}>
                    {p.choices.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={field}
                    type="number"
                    inputMode={p.kind === 'integer' ? 'numeric' : 'decimal'}
                    min={p.min ?? undefined}
                    max={p.max ?? undefined}
                    step={p.kind === 'integer' ? 1 : 'any'}
                    value={value}
                    onChange={(e) => set(e.target.value)}
                    aria-describedby={`${field}-hint`}
                  />
                )}
                <span id={`${field}-hint`} className="meta param-hint">
                  {p.description} ({describeRange(p)})
                </span>
              </div>
            );
          })}
        </details>
      ) : null}
      {problems.length ? (
        <div className="notice notice-error" role="alert">
          <strong>Not trained: fix these parameters</strong>
          <ul>
            {problems.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <button type="submit" disabled={!canAdmin || loading}>
        Train {s.name}
      </button>
      {jobId ? <JobProgress key={jobId} id={jobId} /> : null}
    </form>
  );
}

/** A card per strategy the server can train (Query.strategies, in its order), each with its parameters; admin key. */
export function TrainingPanel({ canAdmin }: { canAdmin: boolean }) {
  const strategies = useStrategies();
  const { list, loading, error, colorOf } = strategies;
  if (error && !list.length) return <ErrorNotice error={error} />;
  if (loading && !list.length) return <Loading label="Loading strategies…" />;
  return (
    <div className="training-panel">
      <div className="train-grid">
        {list
          .filter((s) => s.trainable)
          .map((s) => (
            <TrainCard key={s.name} strategy={s} color={colorOf(s.name)} canAdmin={canAdmin} />
          ))}
      </div>
    </div>
  );
}
