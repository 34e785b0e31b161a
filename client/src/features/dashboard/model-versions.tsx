import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import type { ModelVersionRowFragment } from '../../gql/graphql';
import { MetricBarCharts } from './metric-bar-charts';
import { formatMetric, METRIC_COLUMNS } from './metric-format';

export const ModelVersionRowFields = graphql(`
  fragment ModelVersionRow on ModelVersion {
    id
    strategy
    status
    active
    createdAt
    trainedSeconds
    statusReason
    metrics {
      k
      rmse
      mae
      precisionAtK
      recallAtK
      ndcgAtK
      mapAtK
      coverage
    }
  }
`);

export const ModelVersionsQuery = graphql(`
  query ModelVersions {
    models(limit: 50) {
      ...ModelVersionRow
    }
  }
`);

const ActivateModel = graphql(`
  mutation ActivateModel($id: ID!) {
    activateModel(id: $id) {
      ...ModelVersionRow
    }
  }
`);

function VersionRow({ v, canAdmin, onActivate, busy }: { v: ModelVersionRowFragment; canAdmin: boolean; onActivate: (id: string) => void; busy: boolean }) {
  return (
    <tr className={v.active ? 'row-active' : undefined} data-version-id={v.id}>
      <th scope="row">{v.strategy}</th>
      <td>#{v.id}</td>
      <td>{v.active ? <strong>active</strong> : v.status.toLowerCase()}</td>
      <td>{new Date(v.createdAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}</td>
      <td className="num">{v.trainedSeconds != null ? `${v.trainedSeconds.toFixed(1)} s` : '—'}</td>
      <td className="num">{v.metrics?.k ?? '—'}</td>
      {METRIC_COLUMNS.map((c) => (
        <td key={c.key} className="num" data-metric={c.key}>
          {formatMetric(v.metrics?.[c.key])}
        </td>
      ))}
      <td>
        {!v.active && v.status === 'READY' ? (
          <>
            <button type="button" disabled={!canAdmin || busy} onClick={() => onActivate(v.id)}>
              Activate
            </button>{' '}
            <span className="meta status-reason">{v.statusReason ?? ''}</span>
          </>
        ) : (
          <span className="meta status-reason">{v.statusReason ?? ''}</span>
        )}
      </td>
    </tr>
  );
}

/** Every stored version with its held-out metrics; charts compare the active ones. */
export function ModelVersions({ canAdmin }: { canAdmin: boolean }) {
  const { data, loading, error } = useQuery(ModelVersionsQuery);
  const [activate, { loading: activating }] = useMutation(ActivateModel, { refetchQueries: ['ModelVersions'], awaitRefetchQueries: true });
  const [actionError, setActionError] = useState<unknown>(null);
  if (error && !data) return <ErrorNotice error={error} />;
  if (loading && !data) return <Loading label="Loading model versions…" />;
  const versions = data?.models ?? [];
  if (!versions.length) return <Empty>No trained model versions yet.</Empty>;
  const active = versions.filter((v) => v.active);
  return (
    <>
      <h3>Active models</h3>
      <MetricBarCharts versions={active} />
      <h3>All versions</h3>
      {actionError ? <ErrorNotice error={actionError} /> : null}
      {/* a region that takes focus: a keyboard can scroll it when the table is wider than the page (axe: scrollable-region-focusable) */}
      <div className="table-wrap" role="region" aria-label="Model versions" tabIndex={0}>
        <table className="metrics-table" aria-label="Model versions and metrics">
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col" className="num">
                Fit
              </th>
              <th scope="col" className="num">
                K
              </th>
              {METRIC_COLUMNS.map((c) => (
                <th key={c.key} scope="col" className="num">
                  <abbr title={c.label}>{c.short}</abbr>
                </th>
              ))}
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <VersionRow
                key={v.id}
                v={v}
                canAdmin={canAdmin}
                busy={activating}
                onActivate={async (id) => {
                  setActionError(null);
                  try {
                    await activate({ variables: { id } });
                  } catch (e) {
                    setActionError(e);
                  }
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
