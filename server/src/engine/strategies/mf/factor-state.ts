// The arrays a matrix-factorization model is made of, and how they are built (from a dataset, an
// artifact, a fold-in request): factor-model.ts serves them.

/**
 * What every matrix-factorization model holds: user and item factor rows (k floats each), optional
 * biases, and a compact copy of each user's training row (the "seen" items, never recommended again,
 * and the evidence explain() points at). Float32 halves the artifact; training runs in doubles.
 */
export interface FactorState {
  k: number;
  nUsers: number;
  nItems: number;
  userFactors: Float32Array; // nUsers * k
  itemFactors: Float32Array; // nItems * k
  userBias: Float32Array; // nUsers, or empty when the model has no biases
  itemBias: Float32Array; // nItems, or empty
  /** 1 when the user's factors were learned from data (0: no usable history, cannot score) */
  userTrained: Uint8Array;
  seenPtr: Int32Array; // nUsers + 1
  seenItems: Int32Array;
  seenRatings: Float32Array; // NaN = implicit only
  seenWeights: Float32Array;
}

/** One user's row, as stored for users folded in after training (copy-on-write overlay). */
export interface UserRow {
  factors: Float32Array | null; // null: no usable history
  bias: number;
  items: Int32Array;
  ratings: Float32Array;
  weights: Float32Array;
}

export const STATE_ARRAYS = ['userFactors', 'itemFactors', 'userBias', 'itemBias', 'userTrained', 'seenPtr', 'seenItems', 'seenRatings', 'seenWeights'] as const;

/** rebuilds the FactorState of an artifact written by FactorModel.serialize */
export function stateFromArtifact(meta: { k: number; nUsers: number; nItems: number }, arrays: Record<string, unknown>): FactorState {
  for (const name of STATE_ARRAYS) if (!arrays[name]) throw new Error(`model artifact lacks array '${name}'`);
  const a = arrays as unknown as FactorState;
  const state: FactorState = { ...a, k: meta.k, nUsers: meta.nUsers, nItems: meta.nItems };
  if (state.userFactors.length !== meta.nUsers * meta.k || state.itemFactors.length !== meta.nItems * meta.k) {
    throw new Error('model artifact factor arrays do not match its header');
  }
  return state;
}

/** the seen-item arrays (a compact CSR copy) of a dataset's rows */
export function seenFromDataset(ds: {
  userPtr: Int32Array;
  userItems: Int32Array;
  userRatings: Float32Array;
  userWeights: Float32Array;
}): Pick<FactorState, 'seenPtr' | 'seenItems' | 'seenRatings' | 'seenWeights'> {
  return {
    seenPtr: ds.userPtr.slice(),
    seenItems: ds.userItems.slice(),
    seenRatings: ds.userRatings.slice(),
    seenWeights: ds.userWeights.slice(),
  };
}

/** the valid entries of a fold-in request as parallel arrays (items outside the model dropped) */
export function cleanInteractions(
  items: ArrayLike<number>,
  ratings: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  nItems: number,
): { items: Int32Array; ratings: Float32Array; weights: Float32Array } {
  // latest entry per item wins, then sorted by item like the dataset's rows
  const byItem = new Map<number, number>();
  for (let j = 0; j < items.length; j++) {
    const i = items[j];
    if (Number.isInteger(i) && i >= 0 && i < nItems) byItem.set(i, j);
  }
  const order = [...byItem.keys()].sort((a, b) => a - b);
  const out = {
    items: Int32Array.from(order),
    ratings: new Float32Array(order.length),
    weights: new Float32Array(order.length),
  };
  order.forEach((i, q) => {
    const j = byItem.get(i)!;
    const r = ratings[j];
    out.ratings[q] = r;
    out.weights[q] = weights ? weights[j] : 1;
  });
  return out;
}
