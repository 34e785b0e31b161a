import { Field, Int, ObjectType } from 'type-graphql';
import { ID } from '../id.scalar';
import type { ItemRow } from '../../data/repositories/item.repository';
import { Connection } from '../pagination';

@ObjectType('Item', { description: 'A thing to recommend: a movie in the demo data.' })
export class ItemType {
  /** internal key, not exposed */
  key: string;

  @Field(() => ID, { description: 'external id, as imported' })
  id: string;

  @Field(() => String)
  title: string;

  @Field(() => Int, { nullable: true })
  year: number | null;

  @Field(() => [String])
  genres: string[];

  static from(row: ItemRow): ItemType {
    return Object.assign(new ItemType(), { key: row.key, id: row.id, title: row.title, year: row.year, genres: row.categories });
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
