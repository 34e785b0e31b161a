import { InteractionEntity } from './interaction.entity';
import { ItemEntity } from './item.entity';
import { ModelVersionEntity } from './model-version.entity';
import { RateLimitCountEntity } from './rate-limit-count.entity';
import { UserEntity } from './user.entity';

export { InteractionEntity, ItemEntity, ModelVersionEntity, RateLimitCountEntity, UserEntity };
export const entities = [UserEntity, ItemEntity, InteractionEntity, ModelVersionEntity, RateLimitCountEntity];
