import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { ID } from '../id.scalar';

/**
 * One item of an upsertItems call. The service checks every field (services/catalog-input.ts) and
 * names the first bad one as inputs[n].field; the same checks serve every way items are written.
 */
@InputType({
  description: 'An item to insert or update by id. On update, a field left out keeps its current value and null clears it ' +
    '(categories to none, hidden to false); a new item starts with no categories, not hidden, the rest null.',
})
export class ItemInput {
  @Field(() => ID, { description: 'your id for the item: 1–128 characters, no surrounding whitespace' })
  id: string;

  @Field(() => String, { description: '1–500 characters, not blank (always given: an upsert states the title)' })
  title: string;

  @Field(() => [String], { nullable: true, description: 'up to 100, each 1–100 characters without "|" or surrounding whitespace, each once (ignoring case)' })
  categories?: string[] | null;

  @Field(() => String, { nullable: true, description: 'at most 10,000 characters' })
  description?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'when it was published or released (publishedAfter filters by it)' })
  publishedAt?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'true: never recommended nor similar (on every replica within a second), still readable by id' })
  hidden?: boolean | null;

  @Field(() => JSONResolver, { nullable: true, description: 'any other facts, as a JSON object of at most 16 KB' })
  attributes?: Record<string, unknown> | null;
}
