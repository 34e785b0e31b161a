import { DateTimeResolver } from 'graphql-scalars';
import { ArgsType, Field, Int, registerEnumType } from 'type-graphql';
import type { CategoryMatch as Match } from '../../services/list-filter';

export const CategoryMatch: Record<Match, Match> = { ANY: 'ANY', ALL: 'ALL' };

registerEnumType(CategoryMatch, {
  name: 'CategoryMatch',
  description: "How a list's `categories` filter matches an item's categories.",
  valuesConfig: {
    ANY: { description: 'the item has at least one of the categories' },
    ALL: { description: 'the item has every one of the categories' },
  },
});

/**
 * The business filters every list takes (recommendations, popularItems, similarItems). They are
 * applied before the top items are chosen, so a list holds `limit` items whenever that many match.
 */
@ArgsType()
export class ListFilterArgs {
  @Field(() => [String], {
    nullable: true,
    description: 'only items in these categories (case-insensitive; see categoryMatch); an unknown category is BAD_USER_INPUT listing the known ones',
  })
  categories?: string[] | null;

  @Field(() => CategoryMatch, { defaultValue: 'ANY', description: 'ANY: in at least one of `categories`; ALL: in every one' })
  categoryMatch: Match = 'ANY';

  @Field(() => DateTimeResolver, { nullable: true, description: 'only items published strictly after this moment (items without publishedAt are left out)' })
  publishedAfter?: Date | null;

  @Field(() => Int, { defaultValue: 0, description: 'skip this many results first (paging: offset + limit ≤ 500)' })
  offset = 0;
}
