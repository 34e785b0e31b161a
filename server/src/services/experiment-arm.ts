import type { ApiStrategy } from './strategies';

/** the arm an AUTO request is served by while an experiment runs */
export interface ArmAssignment {
  experimentId: string;
  experimentName: string;
  arm: string;
  strategy: ApiStrategy;
  /** a pinned version, or null for the strategy's active one */
  modelVersionId: string | null;
}

/** the first reason of every list an experiment's arm serves: which experiment, which arm, what serves it */
export function experimentReason(a: ArmAssignment): string {
  const version = a.modelVersionId ? ` version ${a.modelVersionId}` : '';
  return `Experiment ${a.experimentName}, arm ${a.arm}: ${a.strategy}${version}`;
}
