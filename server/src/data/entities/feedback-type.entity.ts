import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** How an implicit event kind counts in training: weight × the event's value, signed by polarity. */
@Entity('feedback_types')
@Check('feedback_types_name_check', `name ~ '^[a-z][a-z_]{0,31}$' AND name <> 'rating'`)
@Check('feedback_types_weight_check', 'weight > 0 AND weight <= 1000')
@Check('feedback_types_polarity_check', `polarity IN ('positive', 'negative', 'neutral')`)
export class FeedbackTypeEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'feedback_types_pkey' })
  name: string;

  @Column({ type: 'real' })
  weight: number;

  @Column({ type: 'text' })
  polarity: 'positive' | 'negative' | 'neutral';

  /** a positive event of this type on a recommended item counts as a conversion (and a click) */
  @Column({ type: 'boolean', default: false })
  conversion: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
