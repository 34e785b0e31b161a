import type { DataSource, Repository } from 'typeorm';
import type { FeedbackPolarity } from '../../engine/dataset/feedback';
import { FeedbackTypeEntity } from '../entities/feedback-type.entity';
import { InteractionEntity } from '../entities/interaction.entity';
import { notify } from '../notify';
import { inTransaction } from '../transaction';

export interface FeedbackTypeRow {
  name: string;
  weight: number;
  polarity: FeedbackPolarity;
  /** events of this type on a recommended item count as conversions (and clicks) */
  conversion: boolean;
  updatedAt: Date;
}

/** every replica listens: a declared or changed type reaches their caches of declared kinds */
export const FEEDBACK_TYPES_CHANNEL = 'tastegraph_feedback_types';

/**
 * The declared feedback types (a handful of rows), through TypeORM. Weights are read as the real
 * column's text form, so 0.3 reads back as 0.3 and not as its nearest float4.
 */
export class FeedbackTypeRepository {
  private readonly repo: Repository<FeedbackTypeEntity>;

  constructor(private readonly ds: DataSource) {
    this.repo = ds.getRepository(FeedbackTypeEntity);
  }

  async list(): Promise<FeedbackTypeRow[]> {
    const rows = await this.repo.find({ order: { name: 'ASC' } });
    return rows.map(toRow);
  }

  /**
   * Declares a type or changes one (same name), and tells the other replicas; the notification is
   * delivered on commit, so a replica that hears it reads the new row.
   */
  upsert(t: { name: string; weight: number; polarity: FeedbackPolarity; conversion?: boolean | null }): Promise<FeedbackTypeRow> {
    return inTransaction(this.ds, async ({ manager, client }) => {
      // conversion left out: a new type is not one, a changed type keeps what it was
      const keep = t.conversion === undefined || t.conversion === null;
      await manager
        .createQueryBuilder()
        .insert()
        .into(FeedbackTypeEntity)
        .values({ name: t.name, weight: t.weight, polarity: t.polarity, ...(keep ? {} : { conversion: t.conversion! }), updatedAt: () => 'now()' })
        .orUpdate(keep ? ['weight', 'polarity', 'updated_at'] : ['weight', 'polarity', 'conversion', 'updated_at'], ['name'])
        .execute();
      const row = await manager.findOneByOrFail(FeedbackTypeEntity, { name: t.name });
      await notify(client, FEEDBACK_TYPES_CHANNEL, t.name);
      return toRow(row);
    });
  }

  /** interactions of each of the given kinds (kinds with none are absent); by the interactions_by_kind index */
  async interactionCounts(kinds: readonly string[]): Promise<Map<string, number>> {
    const rows: { kind: string; n: number }[] = await this.ds
      .getRepository(InteractionEntity)
      .createQueryBuilder('i')
      .select('i.kind', 'kind')
      .addSelect('count(*)::int', 'n')
      .where('i.kind = ANY(:kinds)', { kinds: [...kinds] })
      .groupBy('i.kind')
      .getRawMany();
    return new Map(rows.map((r) => [r.kind, r.n]));
  }
}

const toRow = (e: FeedbackTypeEntity): FeedbackTypeRow => ({ name: e.name, weight: Number(e.weight), polarity: e.polarity, conversion: e.conversion, updatedAt: e.updatedAt });
