import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { migrations } from '../../migrations';
import { entities } from '../src/data/entities';
import { runSchemaCheck, schemaDifferences } from '../src/data/schema-check';
import { adminUrl, createTestDatabase, type TestDatabase } from './support/db';

/** a migration that changes the schema behind the entities' back */
class DriftMigration9999999999999 implements MigrationInterface {
  name = 'DriftMigration9999999999999';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE model_versions DROP COLUMN activated_at`);
    await q.query(`ALTER TABLE items ALTER COLUMN description SET NOT NULL`);
    await q.query(`DROP INDEX interactions_by_item`);
    await q.query(`CREATE TABLE scratch_notes (id serial PRIMARY KEY)`);
    // the same names, different meanings: only the expression check sees these
    await q.query(`ALTER TABLE feedback_types DROP CONSTRAINT feedback_types_weight_check, ADD CONSTRAINT feedback_types_weight_check CHECK (weight > 0)`);
    await q.query(`DROP INDEX model_versions_one_active`);
    await q.query(`CREATE UNIQUE INDEX model_versions_one_active ON model_versions (strategy)`);
  }
  async down(): Promise<void> {}
}

/** an entity no migration created */
@Entity('scratch_entity')
class ScratchEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'text' })
  note: string;
}

describe('schema check (entities = schema)', () => {
  const dbs: TestDatabase[] = [];
  const emptyDb = async () => {
    const db = await createTestDatabase({ migrate: false });
    dbs.push(db);
    await db.dataSource.destroy(); // schemaDifferences opens its own connection
    return db.url;
  };
  afterAll(() => Promise.all(dbs.map((d) => d.drop())));

  it('exits 0 with one line when the entities match the migrations (on a throwaway database it drops)', async () => {
    const lines: string[] = [];
    const code = await runSchemaCheck({ serverUrl: adminUrl(), print: (l) => lines.push(l) });
    expect(lines).toEqual(['schema check: the entities match the migrations']);
    expect(code).toBe(0);
  });

  it('reports what TypeORM would change when a migration drifts from the entities', async () => {
    const diff = await schemaDifferences(await emptyDb(), { migrations: [...migrations, DriftMigration9999999999999] });
    // in the order TypeORM lists the entities (it puts tables that others reference first)
    expect(diff).toEqual([
      'ALTER TABLE "model_versions" ADD "activated_at" TIMESTAMP WITH TIME ZONE;',
      'ALTER TABLE "items" ALTER COLUMN "description" DROP NOT NULL;',
      expect.stringMatching(/^CREATE INDEX "interactions_by_item" ON "interactions"\s+\("item_id"\);$/),
      '-- index "model_versions_one_active" on "model_versions": the entity declares WHERE active, the migrations made no WHERE',
      '-- check "feedback_types_weight_check" on "feedback_types": the entity declares CHECK (((weight > (0)::double precision) AND (weight <= (1000)::double precision))), the migrations made CHECK ((weight > (0)::double precision))',
      '-- table "scratch_notes" has no entity',
    ]);
  });

  it('exits 1 and prints the differences when an entity has no table', async () => {
    const lines: string[] = [];
    const code = await runSchemaCheck({ serverUrl: adminUrl(), entities: [...entities, ScratchEntity], print: (l) => lines.push(l) });
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/disagree/);
    expect(lines.join('\n')).toMatch(/CREATE TABLE "scratch_entity"/);
  });
});
