import { ApiKeyEntity } from './api-key.entity';
import { ExperimentArmEntity } from './experiment-arm.entity';
import { ExperimentEntity } from './experiment.entity';
import { FeedbackTypeEntity } from './feedback-type.entity';
import { ImpressionEventEntity } from './impression-event.entity';
import { ImpressionEntity } from './impression.entity';
import { ImpressionRollupEntity } from './impression-rollup.entity';
import { InteractionEntity } from './interaction.entity';
import { ItemEntity } from './item.entity';
import { ModelVersionEntity } from './model-version.entity';
import { RateLimitCountEntity } from './rate-limit-count.entity';
import { TrainingJobEntity } from './training-job.entity';
import { UserEntity } from './user.entity';

export {
  ApiKeyEntity,
  ExperimentArmEntity,
  ExperimentEntity,
  FeedbackTypeEntity,
  ImpressionEntity,
  ImpressionEventEntity,
  ImpressionRollupEntity,
  InteractionEntity,
  ItemEntity,
  ModelVersionEntity,
  RateLimitCountEntity,
  TrainingJobEntity,
  UserEntity,
};
/** every table's entity: `npm run schema:check` proves they match the migrations */
export const entities = [
  UserEntity,
  ItemEntity,
  InteractionEntity,
  ModelVersionEntity,
  ApiKeyEntity,
  TrainingJobEntity,
  RateLimitCountEntity,
  FeedbackTypeEntity,
  ImpressionEntity,
  ImpressionEventEntity,
  ImpressionRollupEntity,
  ExperimentEntity,
  ExperimentArmEntity,
];
