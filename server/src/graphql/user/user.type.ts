import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ID } from '../id.scalar';
import type { UserRow } from '../../data/repositories/user.repository';
import { ItemType } from '../item/item.type';
import { Connection } from '../pagination';
import { AttributionType } from '../online/attribution.type';

@ObjectType('User', { description: 'Someone who rates and receives recommendations; id is the external id.' })
export class UserType {
  key: string;

  @Field(() => ID)
  id: string;

  @Field(() => [String], { description: 'your segments or tags for this user, as given' })
  labels: string[];

  @Field(() => DateTimeResolver)
  createdAt: Date;

  static from(row: UserRow): UserType {
    return Object.assign(new UserType(), { key: row.key, id: row.id, labels: row.labels, createdAt: row.createdAt });
  }
}

@ObjectType('Rating', { description: "A user's explicit rating of an item." })
export class RatingType {
  itemKey: string;
  userKey?: string;

  @Field(() => ItemType)
  item: ItemType;

  @Field(() => Number, { description: '0.5–5 in half steps' })
  rating: number;

  @Field(() => DateTimeResolver)
  ratedAt: Date;

  @Field(() => AttributionType, {
    nullable: true,
    description: 'in the answer to rateItem: how the rating counted for the impression it named (null when it named none, and in every other list of ratings)',
  })
  attribution?: AttributionType | null;
}

@ObjectType('RatingConnection')
export class RatingConnection extends Connection(RatingType, 'Rating') {}
