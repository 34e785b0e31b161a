import type { ModelVersionRepository, ModelVersionRow } from '../data/repositories/model-version.repository';
import type { MeasuredMetrics } from '../engine/evaluation/measure';
import type { Tx } from '../data/transaction';
import { decideActivation, type ActivationPolicy, type Verdict } from './activation-policy';

export interface NewVersion {
  strategy: string;
  params: Record<string, unknown>;
  metrics: MeasuredMetrics;
  artifact: Uint8Array;
  trainedSeconds: number;
  dataSnapshotAt: Date;
  trainingJobId: string | null;
}

/**
 * Stores a measured version and decides its activation, in one transaction under the strategy's
 * activation lock (decisions of a strategy happen one at a time across replicas): the policy compares
 * it with the active version, the row is written with the verdict as its reason, activated (NOTIFY
 * on commit) when the verdict says so, and old inactive artifacts beyond `keepVersions` are pruned.
 * Trained versions (job-runner.ts) and imported ones (`npm run model -- import`) both come through
 * here, so both are judged alike. `within` runs in the same transaction (a job marks itself done).
 */
export async function storeVersion(
  versions: ModelVersionRepository,
  policy: ActivationPolicy,
  keepVersions: number,
  v: NewVersion,
  within?: (tx: Tx, version: ModelVersionRow, verdict: Verdict) => Promise<void>,
): Promise<{ version: ModelVersionRow; verdict: Verdict }> {
  return versions.withActivationLock(v.strategy, async (tx) => {
    const active = await versions.activeForUpdate(v.strategy, tx);
    const verdict = decideActivation(policy, v.metrics, active?.metrics ?? null);
    const version = await versions.insert({ ...v, statusReason: verdict.reason }, tx);
    if (verdict.activate) await versions.activate(version.id, tx);
    await within?.(tx, version, verdict);
    await versions.prune(v.strategy, keepVersions, tx);
    return { version, verdict };
  });
}
