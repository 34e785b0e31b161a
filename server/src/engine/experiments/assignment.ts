/**
 * Which arm of an experiment a user sees: a hash of (experiment id, user id) mapped to [0, 1) and
 * read against the arms' cumulative traffic. Pure and stateless, so every replica assigns a user
 * the same arm without asking anyone, and a user keeps their arm for the whole experiment. The
 * experiment id is part of the hash so that the users who land in the first arm of one experiment
 * are not the same users who land in the first arm of the next (no carry-over between experiments).
 */

/** MurmurHash3's 32-bit mix of a string's UTF-16 code units (deterministic on every platform) */
function murmur32(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = text.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  // final avalanche: neighbouring ids ('41', '42') land far apart
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** the user's point in [0, 1) for this experiment */
export function assignmentPoint(experimentId: number | string, userId: string): number {
  return murmur32(`${experimentId}\u0000${userId}`, 0x5bd1e995) / 4294967296;
}

/**
 * The index of the arm whose slice of the cumulative traffic holds `point`. Traffic shares are
 * expected to sum to 1; the last arm takes whatever rounding leaves above the last boundary.
 */
export function armAt(point: number, traffic: readonly number[]): number {
  let edge = 0;
  for (let i = 0; i < traffic.length - 1; i++) {
    edge += traffic[i];
    if (point < edge) return i;
  }
  return traffic.length - 1;
}

/** the arm index this user sees in this experiment */
export function assignArm(experimentId: number | string, userId: string, traffic: readonly number[]): number {
  return armAt(assignmentPoint(experimentId, userId), traffic);
}
