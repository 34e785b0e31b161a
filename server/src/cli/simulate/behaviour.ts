/**
 * How a simulated user reacts to a list (a position-based click model, as in the click-model
 * literature): the user examines position p with probability 1 / p^0.7, and clicks an examined
 * item with a probability that rises with how much they truly like it — their noise-free demo
 * rating (data/demo: the latent-taste model that generated the data), through a logistic curve
 * centred on 3.75 stars. A clicked item is bought with a probability that rises with the same
 * rating, centred higher (4.25 stars). Pure: the random numbers come from the caller's generator.
 */
export const BEHAVIOUR = {
  /** examination probability of position p: 1 / p^examinationDecay */
  examinationDecay: 0.7,
  /** click probability of an examined item: 1 / (1 + exp(−(rating − clickMidpoint) / clickSpread)) */
  clickMidpoint: 3.75,
  clickSpread: 0.25,
  /** purchase probability of a clicked item, the same curve centred higher */
  buyMidpoint: 4.25,
  buySpread: 0.25,
} as const;

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

export const examined = (position: number) => position ** -BEHAVIOUR.examinationDecay;
export const clickChance = (rating: number) => logistic((rating - BEHAVIOUR.clickMidpoint) / BEHAVIOUR.clickSpread);
export const buyChance = (rating: number) => logistic((rating - BEHAVIOUR.buyMidpoint) / BEHAVIOUR.buySpread);

export interface Reaction {
  /** positions (1-based) clicked, in list order */
  clicks: number[];
  /** positions bought (each also clicked) */
  buys: number[];
}

/** one user's reaction to a list, given their true rating of each listed item (in list order) */
export function react(trueRatings: readonly number[], rng: () => number): Reaction {
  const clicks: number[] = [];
  const buys: number[] = [];
  trueRatings.forEach((rating, i) => {
    const position = i + 1;
    if (rng() >= examined(position)) return;
    if (rng() >= clickChance(rating)) return;
    clicks.push(position);
    if (rng() < buyChance(rating)) buys.push(position);
  });
  return { clicks, buys };
}
