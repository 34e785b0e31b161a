import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { ID } from '../id.scalar';
import type { ItemRow } from '../../data/repositories/item.repository';
import { Connection } from '../pagination';
import { spokenTitle } from '../../engine/util/spoken-title';

@ObjectType('Item', { description: 'A thing to recommend: a product, an article, a movie (the demo data)…' })
export class ItemType {
  /** internal key, not exposed */
  key: string;

  @Field(() => ID, { description: 'external id, as imported' })
  id: string;

  @Field(() => String, { description: 'the title as stored, possibly in catalogue order ("Empire Strikes Back, The")' })
  title: string;

  /** worked out when a query asks for it (most lists do not): spokenTitle's regexes are not free */
  @Field(() => String, {
    description: 'the title as people say it: a catalogue-order article put back in front ("The Empire Strikes Back"); otherwise the title',
  })
  get displayTitle(): string {
    return spokenTitle(this.title);
  }

  @Field(() => [String], { description: 'the categories it belongs to (genres in the demo), as given' })
  categories: string[];

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'when it was published or released' })
  publishedAt: Date | null;

  @Field(() => Boolean, { description: 'hidden items are never recommended nor similar, but stay readable by id' })
  hidden: boolean;

  @Field(() => JSONResolver, { nullable: true, description: 'any other facts of the item, as given (a JSON object)' })
  attributes: Record<string, unknown> | null;

  @Field(() => Int, { nullable: true, description: "the UTC year of publishedAt (a movie's release year in the demo)" })
  year: number | null;

  @Field(() => [String], { deprecationReason: 'Use categories: the same list.' })
  genres: string[];

  @Field(() => ID, {
    nullable: true,
    description:
      'in a list from similarItems, Item.similar or popularItems: the id of that list as served (new on every request; pass it as impressionId with feedback on the item). Null elsewhere. Apollo Client merges Items by id: read it with the list (e.g. fetchPolicy no-cache) or key Item by id and impressionId',
  })
  impressionId: string | null = null;

  @Field(() => Int, { nullable: true, description: 'in such a list: the 1-based position of the item in it; null elsewhere' })
  position: number | null = null;

  static from(row: ItemRow): ItemType {
    return Object.assign(new ItemType(), {
      key: row.key,
      id: row.id,
      title: row.title,
      categories: row.categories,
      description: row.description,
      publishedAt: row.publishedAt,
      hidden: row.hidden,
      attributes: row.attributes,
      year: row.year,
      genres: row.categories,
    });
  }
}

@ObjectType('ItemConnection')
export class ItemConnection extends Connection(ItemType, 'Item') {}

@ObjectType('RatingBucket')
export class RatingBucket {
  @Field(() => Number)
  rating: number;

  @Field(() => Int)
  count: number;
}
