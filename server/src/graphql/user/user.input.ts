import { Field, InputType } from 'type-graphql';
import { LIMITS } from '../../data/catalog-rules';
import { ID } from '../id.scalar';

/** One user of an upsertUsers call; the service checks it (services/catalog-input.ts). */
@InputType({ description: 'A user to insert or update by id. On update, labels left out are kept and null clears them.' })
export class UserInput {
  @Field(() => ID, { description: `your id for the user: 1–${LIMITS.id} characters, no surrounding whitespace` })
  id: string;

  @Field(() => [String], {
    nullable: true,
    description: `your segments or tags: up to ${LIMITS.labels}, each 1–${LIMITS.label} characters without "|" or surrounding whitespace, each once`,
  })
  labels?: string[] | null;
}
