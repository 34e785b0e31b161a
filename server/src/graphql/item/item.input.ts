import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { LIMITS } from '../../data/catalog-rules';
import { ID } from '../id.scalar';

/**
 * One item of an upsertItems call. The service checks every field (services/catalog-input.ts) by the
 * rules of data/catalog-rules.ts, which the importer applies too; the first bad one is named inputs[n].field.
 */
@InputType({
  description:
    'An item to insert or update by id. On update, a field left out keeps its current value and null clears it ' +
    '(categories to none, hidden to false); a new item starts with no categories, not hidden, the rest null.',
})
export class ItemInput {
  @Field(() => ID, { description: `your id for the item: 1–${LIMITS.id} characters, no surrounding whitespace` })
  id: string;

  @Field(() => String, { description: `1–${LIMITS.title} characters, not blank (always given: an upsert states the title)` })
  title: string;

  @Field(() => [String], {
    nullable: true,
    description: `up to ${LIMITS.categories}, each 1–${LIMITS.category} characters without "|" or surrounding whitespace, each once (ignoring case)`,
  })
  categories?: string[] | null;

  @Field(() => String, { nullable: true, description: `at most ${LIMITS.description.toLocaleString('en')} characters` })
  description?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'when it was published or released (publishedAfter filters by it)' })
  publishedAt?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'true: never recommended nor similar (on every replica within a second), still readable by id' })
  hidden?: boolean | null;

  @Field(() => JSONResolver, { nullable: true, description: `any other facts, as a JSON object of at most ${LIMITS.attributesBytes / 1024} KB` })
  attributes?: Record<string, unknown> | null;
}
