import type { Explanation } from '../engine/types';
import { spokenTitle } from '../engine/util/spoken-title';

/**
 * Turns a model's structured explanation into sentences a person understands. `storedTitle` gives
 * the catalogue's title; the sentences say it as people do ("Because you rated The Empire Strikes Back").
 */
export function phraseReasons(e: Explanation | null, storedTitle: (item: number) => string): string[] {
  if (!e) return [];
  const title = (item: number) => spokenTitle(storedTitle(item));
  switch (e.kind) {
    case 'because-you-rated': {
      // a reason is something the user liked: low ratings explain nothing a person would accept
      const liked = e.items.filter((x) => x.rating !== x.rating || x.rating >= LIKED);
      const top = liked.slice(0, 2).map((x) => (x.rating === x.rating ? `${title(x.item)} ${stars(x.rating)}` : title(x.item)));
      return top.length ? [`Because you rated ${top.join(' and ')}`] : ['Matches the taste your ratings show'];
    }
    case 'similar-users': {
      const out = [`Liked by ${e.neighbours} ${e.neighbours === 1 ? 'user' : 'users'} with similar taste`];
      if (e.items.length)
        out.push(
          `They also liked ${e.items
            .slice(0, 2)
            .map((x) => title(x.item))
            .join(' and ')}, like you`,
        );
      return out;
    }
    case 'latent-taste': {
      const top = e.items.slice(0, 2).map((x) => title(x.item));
      return top.length ? [`Because you liked ${top.join(' and ')}`] : [];
    }
    case 'item-neighbours': {
      // "liked": a rating at or above LIKED, or any implicit interaction (a view, a purchase)
      const liked = e.items
        .filter((x) => x.rating !== x.rating || x.rating >= LIKED)
        .slice(0, 2)
        .map((x) => title(x.item));
      if (!liked.length) return [`Similar to ${title(e.items[0].item)}, which you rated`];
      return [`Because you liked ${liked.join(' and ')}`, `People who liked ${liked[0]} also liked this`];
    }
    case 'popular': {
      const avg = e.averageRating !== undefined && e.averageRating === e.averageRating ? `, average ${e.averageRating.toFixed(1)}★` : '';
      // any catalog: people "interacted" (rated, viewed, bought…); an item nobody has touched yet is new
      const out = [e.interactions > 0 ? `Popular with ${e.interactions} ${e.interactions === 1 ? 'person' : 'people'}${avg}` : 'New: nobody has interacted with it yet'];
      if (e.trending) out.push('Trending lately');
      return out;
    }
  }
}

/** ratings at or above this count as "liked" in reasons */
const LIKED = 3.5;

export function stars(r: number): string {
  return `${Number.isInteger(r) ? r : r.toFixed(1)}★`;
}

export function coldStartReason(count: number, shortFrom: number): string {
  const more = Math.max(1, shortFrom - count);
  const have = count === 0 ? 'you have no interactions yet' : `you have ${count} interaction${count === 1 ? '' : 's'} so far`;
  return `Cold start: popular with everyone (${have}; ${more} more for personal picks)`;
}
