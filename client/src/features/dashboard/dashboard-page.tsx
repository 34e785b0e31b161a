import { DatasetOverview } from './dataset-overview';

/** Dataset statistics, model metrics and training. */
export function DashboardPage() {
  return (
    <div className="page">
      <h1>Dashboard</h1>
      <DatasetOverview />
    </div>
  );
}
