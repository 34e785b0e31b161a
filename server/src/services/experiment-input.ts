import { invalidInput } from './errors';
import { autoStrategy, modelStrategy, servedStrategies, type ApiStrategy } from './strategies';
import type { ExperimentMetric } from '../data/repositories/experiment.repository';

/** what createExperiment takes */
export interface ExperimentInput {
  name: string;
  metric: ExperimentMetric;
  arms: { name: string; strategy: ApiStrategy; modelVersionId?: string | null; traffic: number }[];
}

/** how far the traffic shares may sum from 1 (floating-point input such as 1/3 + 1/3 + 1/3) */
export const TRAFFIC_TOLERANCE = 1e-6;
const MAX_ARMS = 10;
const MAX_NAME = 100;

function checkName(field: string, name: string, what: string): void {
  if (name.length < 1 || name.length > MAX_NAME || name.trim() !== name) {
    throw invalidInput(field, `${what} must be 1–${MAX_NAME} characters without surrounding spaces, got "${name}"`);
  }
}

/**
 * The rules an experiment's definition must meet, checked before anything is written (the pinned
 * versions' existence is checked by the service, which reads them). Each message says what to do.
 */
export function checkExperimentInput(input: ExperimentInput): void {
  checkName('input.name', input.name, 'An experiment name');
  const arms = input.arms;
  if (arms.length < 2)
    throw invalidInput(
      'input.arms',
      `An experiment needs at least 2 arms to compare, got ${arms.length}; add another arm (e.g. { name: "control", strategy: POPULARITY, traffic: 0.5 }).`,
    );
  if (arms.length > MAX_ARMS) throw invalidInput('input.arms', `An experiment has at most ${MAX_ARMS} arms, got ${arms.length}.`);
  const seen = new Set<string>();
  arms.forEach((arm, i) => {
    const field = `input.arms[${i}]`;
    checkName(`${field}.name`, arm.name, 'An arm name');
    if (seen.has(arm.name)) throw invalidInput(`${field}.name`, `Arm names must be unique within an experiment: "${arm.name}" is used twice; rename one.`);
    seen.add(arm.name);
    if (arm.strategy === autoStrategy()) {
      throw invalidInput(
        `${field}.strategy`,
        `An arm cannot be ${autoStrategy()}: experiments assign AUTO requests to arms, so each arm names one of ${servedStrategies().join(', ')}.`,
      );
    }
    modelStrategy(arm.strategy, `${field}.strategy`);
    if (!(Number.isFinite(arm.traffic) && arm.traffic > 0 && arm.traffic <= 1)) {
      throw invalidInput(`${field}.traffic`, `An arm's traffic is its share of AUTO requests, above 0 and at most 1, got ${arm.traffic}.`);
    }
    if (arm.modelVersionId != null && !/^\d{1,18}$/.test(arm.modelVersionId)) {
      throw invalidInput(`${field}.modelVersionId`, `No model version has id "${arm.modelVersionId}". List them with models(strategy: ${arm.strategy}) { id }.`);
    }
  });
  const sum = arms.reduce((s, a) => s + a.traffic, 0);
  if (Math.abs(sum - 1) > TRAFFIC_TOLERANCE) {
    throw invalidInput('input.arms', `The arms' traffic must sum to 1, got ${+sum.toFixed(9)} (${arms.map((a) => a.traffic).join(' + ')}); e.g. 0.5 and 0.5 for two arms.`);
  }
}
