import type { ItemWrite } from '../data/repositories/item.repository';
import type { UserWrite } from '../data/repositories/user.repository';
import { attributesProblem, categoriesProblem, descriptionProblem, idProblem, labelsProblem, timeProblem, titleProblem, type Problem } from '../data/catalog-rules';
import { invalidInput } from './errors';

/**
 * The checks upsertItems and upsertUsers make before writing: the batch bounds here, every field's
 * rule from data/catalog-rules.ts (which the importer applies too, so both accept the same values).
 */

/** items or users one upsert call may write */
export const MAX_UPSERT = 1000;

/** refuses a batch over the bound, and the same id twice in one batch */
export function checkBatch(inputs: readonly { id: string }[], what: string): void {
  if (inputs.length > MAX_UPSERT) {
    throw invalidInput('inputs', `"inputs" may hold at most ${MAX_UPSERT.toLocaleString('en')} ${what} per call, got ${inputs.length.toLocaleString('en')}; split the batch`);
  }
  const first = new Map<string, number>();
  for (const [n, input] of inputs.entries()) {
    const m = first.get(input.id);
    if (m !== undefined)
      throw invalidInput(`inputs[${n}].id`, `inputs[${n}].id "${short(input.id)}" is given twice (also inputs[${m}]); give each ${what.replace(/s$/, '')} once per call`);
    first.set(input.id, n);
  }
}

/** a rule's problem as BAD_USER_INPUT naming path (and the entry of a list), worded as the importer words it */
function check(found: Problem | null, path: string): void {
  if (found) throw invalidInput(found.entry === undefined ? path : `${path}[${found.entry}]`, `${path}: ${found.message}`);
}

/** the item as the repository writes it; the first problem is refused, naming inputs[n].field */
export function checkItemInput(input: ItemWrite, n: number): ItemWrite {
  const path = `inputs[${n}]`;
  check(idProblem(input.id), `${path}.id`);
  check(titleProblem(input.title), `${path}.title`);
  if (input.description != null) check(descriptionProblem(input.description), `${path}.description`);
  if (input.categories != null) check(categoriesProblem(input.categories), `${path}.categories`);
  if (input.publishedAt != null) {
    const t = input.publishedAt.getTime();
    check(timeProblem(t / 1000, Number.isFinite(t) ? input.publishedAt.toISOString() : 'it'), `${path}.publishedAt`);
  }
  if (input.attributes != null) check(attributesProblem(input.attributes), `${path}.attributes`);
  return input;
}

/** the user as the repository writes it; the first problem is refused, naming inputs[n].field */
export function checkUserInput(input: UserWrite, n: number): UserWrite {
  const path = `inputs[${n}]`;
  check(idProblem(input.id), `${path}.id`);
  if (input.labels != null) check(labelsProblem(input.labels), `${path}.labels`);
  return input;
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
