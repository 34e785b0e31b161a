import type { DataSource } from 'typeorm';
import { ModelVersionRepository, type ModelVersionRow } from '../data/repositories/model-version.repository';
import { TrainingJobRepository, type TrainingJobRow } from '../data/repositories/training-job.repository';
import { ParamError } from '../engine/types';
import { invalidInput, notFound } from './errors';
import type { ModelServingService } from './model-serving.service';
import { engineName, modelStrategy, type ApiStrategy } from './strategies';

const MAX_PARAMS_BYTES = 4096;

/** Versions and training jobs: listing, queueing a training, activating (rollback), cancelling. */
export class ModelAdminService {
  readonly versions: ModelVersionRepository;
  readonly jobs: TrainingJobRepository;
  serving?: ModelServingService;

  constructor(ds: DataSource) {
    this.versions = new ModelVersionRepository(ds);
    this.jobs = new TrainingJobRepository(ds);
  }

  listVersions(strategy: ApiStrategy | null, limit: number): Promise<ModelVersionRow[]> {
    return this.versions.list(strategy ? modelStrategy(strategy).name : null, limit);
  }

  async version(id: string): Promise<ModelVersionRow> {
    const [row] = /^\d{1,18}$/.test(id) ? await this.versions.byIds([id]) : [];
    if (!row) throw notFound(`No model version has id "${id}". List them with models { id strategy active }.`);
    return row;
  }

  async job(id: string): Promise<TrainingJobRow> {
    const [row] = /^\d{1,18}$/.test(id) ? await this.jobs.byIds([id]) : [];
    if (!row) throw notFound(`No training job has id "${id}". List them with trainingJobs { id status }.`);
    return row;
  }

  recentJobs(limit: number, strategy: ApiStrategy | null): Promise<TrainingJobRow[]> {
    return this.jobs.recent(limit, strategy ? modelStrategy(strategy).name : null);
  }

  /** validates the params with the engine now, so a typo fails the request, not the job later */
  async train(strategy: ApiStrategy, params: unknown): Promise<TrainingJobRow> {
    const entry = modelStrategy(strategy);
    const p = params ?? {};
    if (typeof p !== 'object' || Array.isArray(p)) throw invalidInput('params', '"params" must be a JSON object such as {"factors": 64}');
    if (JSON.stringify(p).length > MAX_PARAMS_BYTES) throw invalidInput('params', `"params" must be at most ${MAX_PARAMS_BYTES} bytes of JSON`);
    try {
      entry.create(p as Record<string, unknown>);
    } catch (e) {
      if (e instanceof ParamError) throw invalidInput(`params.${e.param}`, e.message);
      throw e;
    }
    return this.jobs.enqueue(engineName(entry.apiName), p as Record<string, unknown>, 'requested');
  }

  async cancel(id: string): Promise<TrainingJobRow> {
    await this.job(id);
    return (await this.jobs.requestCancel(id))!;
  }

  /** switches the served version of its strategy (also rollback); every replica follows within ~1 s */
  async activate(id: string): Promise<ModelVersionRow> {
    const v = await this.version(id);
    if (v.status !== 'ready') {
      throw invalidInput(
        'id',
        `Version ${id} is ${v.status} and cannot be activated${v.status === 'pruned' ? ' (its artifact was pruned; raise MODEL_KEEP_VERSIONS to keep more)' : ''}.`,
      );
    }
    const row = await this.versions.withActivationLock(v.strategy, (tx) => this.versions.activate(id, tx, 'activated by an administrator'));
    await this.serving?.sync();
    return { ...row!, statusReason: 'activated by an administrator' };
  }
}
