import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import type { FeedbackPolarity } from '../../engine/dataset/feedback';
import { InteractionEntity } from '../entities/interaction.entity';
import { ItemEntity } from '../entities/item.entity';
import { UserEntity } from '../entities/user.entity';

export interface DatasetStatsRow {
  users: number;
  items: number;
  interactions: number;
  ratings: number;
}

export interface KindCountRow {
  kind: string;
  /** null for "rating" and for kinds no feedback type declares */
  polarity: FeedbackPolarity | null;
  count: number;
}

/** Dataset figures for the dashboard, through TypeORM. */
export class StatsRepository {
  constructor(private readonly ds: DataSource) {}

  /** the four counts from one snapshot, so they agree with each other under concurrent writes */
  datasetStats(): Promise<DatasetStatsRow> {
    return this.ds.transaction('REPEATABLE READ', async (m) => ({
      users: await countRows(m, UserEntity),
      items: await countRows(m, ItemEntity),
      interactions: await countRows(m, InteractionEntity),
      ratings: await countRows(m, InteractionEntity, `e.kind = 'rating'`),
    }));
  }

  /** count of ratings per half-star value */
  ratingHistogram(): Promise<{ rating: number; count: number }[]> {
    return this.ds
      .getRepository(InteractionEntity)
      .createQueryBuilder('i')
      .select('i.value::float8', 'rating')
      .addSelect('count(*)::int', 'count')
      .where(`i.kind = 'rating'`)
      .groupBy('i.value')
      .orderBy('i.value')
      .getRawMany();
  }

  /**
   * Interactions per kind, most first: every declared feedback type (0 when unused), "rating", and
   * any undeclared kind still present. SQL: one GROUP BY on interactions (the interactions_by_kind
   * index) full-joined with the declared types, which TypeORM's builder cannot express.
   */
  interactionsByKind(): Promise<KindCountRow[]> {
    return this.ds.query(
      `WITH counts AS (SELECT kind, count(*)::int AS n FROM interactions GROUP BY kind),
            kinds AS (SELECT name, polarity FROM feedback_types UNION ALL SELECT 'rating', NULL)
       SELECT coalesce(c.kind, k.name) AS kind, k.polarity, coalesce(c.n, 0)::int AS count
         FROM counts c FULL JOIN kinds k ON k.name = c.kind
        ORDER BY count DESC, kind`,
    );
  }

  /** interactions per item, most popular first (the long-tail curve) */
  async itemPopularityCurve(): Promise<number[]> {
    const rows: { n: number }[] = await this.ds
      .getRepository(ItemEntity)
      .createQueryBuilder('it')
      .leftJoin(InteractionEntity, 'i', 'i.item_id = it.id')
      .select('count(i.id)::int', 'n')
      .groupBy('it.id')
      .orderBy('n', 'DESC')
      .getRawMany();
    return rows.map((r) => r.n);
  }
}

/** count(*), not TypeORM's count() (COUNT(DISTINCT id): a sort of the whole table on millions of rows) */
async function countRows(m: EntityManager, entity: EntityTarget<object>, where?: string): Promise<number> {
  const qb = m.createQueryBuilder(entity, 'e').select('count(*)::int', 'n');
  if (where) qb.where(where);
  return (await qb.getRawOne<{ n: number }>())!.n;
}
