import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Strategy } from '../recommendation/strategy.enum';
import { ItemType } from '../item/item.type';

@ObjectType('TasteMapPoint', { description: 'A position on the taste map.' })
export class TasteMapPointType {
  @Field(() => Float) x: number;
  @Field(() => Float) y: number;
}

@ObjectType('TasteMapItem', { description: 'An item on the taste map.' })
export class TasteMapItemType {
  /** internal item key, resolved to `item` by the loader */
  itemKey: string;

  @Field(() => ItemType) item: ItemType;
  @Field(() => Float, { description: 'position along the first principal component' }) x: number;
  @Field(() => Float, { description: 'position along the second principal component' }) y: number;
  @Field(() => Int, { description: 'interactions the model version learned this item from' }) popularity: number;
  @Field(() => Boolean, { description: 'the user interacted with it' }) rated: boolean;
  @Field(() => Boolean, { description: "among the user's current top-10 from this strategy" }) recommended: boolean;
}

@ObjectType('TasteMap', {
  description: "The catalog on the top two principal components of a factor model's item factors, with a user's position.",
})
export class TasteMapType {
  @Field(() => Strategy) strategy: string;
  @Field(() => String, { description: 'the served model version the map was computed from (once per version)' }) modelVersionId: string;
  @Field(() => [Float], { description: "each axis' share of the item factors' total variance (0..1)" }) explainedVariance: number[];
  @Field(() => [TasteMapItemType], { description: "the most popular items, plus the user's rated and recommended ones" }) items: TasteMapItemType[];
  @Field(() => TasteMapPointType, {
    nullable: true,
    description: 'the user’s position (their factors projected on the axes); null without a user or when the model cannot score them',
  })
  user: TasteMapPointType | null;
}
