import { Link } from 'react-router-dom';
import { useViewer } from '../../lib/use-viewer';
import { TasteMapPanel } from '../taste-map/taste-map-panel';
import { DatasetOverview } from './dataset-overview';
import { ModelVersions } from './model-versions';
import { OnlineSection } from './online-section';
import { TrainingHistory } from './training-history';
import { TrainingPanel } from './training-panel';

/**
 * Dataset statistics, model metrics and training. Training and activation need an admin key:
 * the server says which scopes the current key has (`viewer`), and the buttons follow.
 */
export function DashboardPage() {
  const { canAdmin, keyName } = useViewer();
  return (
    <div className="page">
      <h1>Dashboard</h1>
      <DatasetOverview />
      <section aria-labelledby="models-heading">
        <h2 id="models-heading">Models</h2>
        <p className="meta">Metrics are measured on a held-out 20% of each user’s interactions, never on the training data.</p>
        <ModelVersions canAdmin={canAdmin} />
      </section>
      <OnlineSection />
      <TasteMapPanel />
      <section aria-labelledby="training-heading">
        <h2 id="training-heading">Training</h2>
        {canAdmin ? (
          <p className="meta">Signed in with the admin key “{keyName}”.</p>
        ) : (
          <p className="notice">
            Training and activating need an <strong>admin</strong> key: the server prints one at its first start. Paste it under <em>API key</em> at the top.{' '}
            <Link to="/api#keys">About keys</Link>
          </p>
        )}
        <TrainingPanel canAdmin={canAdmin} />
        <h3>History</h3>
        <TrainingHistory />
      </section>
    </div>
  );
}
