import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { StrategyPicker } from '../../components/strategy-picker';
import { UserIdForm } from '../../components/user-id-form';
import type { Strategy } from '../../gql/graphql';
import { useSelectedUser } from '../../lib/selected-user';
import { useStrategies } from '../../lib/strategies';
import { TasteMap } from '../taste-map/taste-map';
import { type DeletedUserNotice, DeleteUserSection } from '../users/delete-user';
import { RatingHistory } from './rating-history';
import { RecommendationList } from './recommendation-list';

/** the API's default strategy (recommendations' `strategy` argument defaults to it) */
const DEFAULT_STRATEGY: Strategy = 'AUTO';

/** Home: a user id and a strategy in the URL (?user=1&strategy=SVD), so any view can be shared; the id is kept for Compare. */
export function RecommendPage() {
  const [params, setParams] = useSearchParams();
  const userId = useSelectedUser();
  // arriving from "Delete this user": say what happened (router state, so a reload forgets it)
  const deleted = (useLocation().state as Partial<DeletedUserNotice> | null)?.deletedUser;
  const strategies = useStrategies();
  const raw = params.get('strategy');
  // a name the server does not list falls back to the default rather than asking for an error
  const strategy: Strategy = (raw && strategies.byName(raw)?.name) || DEFAULT_STRATEGY;
  // until the list is known, a named strategy cannot be checked: wait rather than show AUTO's list first
  const ready = !raw || strategies.list.length > 0 || !!strategies.error;
  const update = (next: { user?: string; strategy?: Strategy }) => {
    const p = new URLSearchParams(params);
    if (next.user !== undefined) p.set('user', next.user);
    if (next.strategy !== undefined) p.set('strategy', next.strategy);
    setParams(p);
  };
  return (
    <div className="page">
      <h1>Recommendations</h1>
      {deleted && !userId ? (
        <p className="notice notice-ok" role="status" data-testid="deleted-user-notice">
          User {deleted} was deleted, with every interaction and cached list of theirs; the models being served have forgotten them.
        </p>
      ) : null}
      <div className="controls">
        <UserIdForm initial={userId} onSubmit={(user) => update({ user })} />
        <StrategyPicker value={strategy} onChange={(s) => update({ strategy: s })} strategies={strategies} />
      </div>
      {userId ? (
        <>
          <div className="two-col">
            {ready ? <RecommendationList key={userId} userId={userId} strategy={strategy} /> : <div />}
            <RatingHistory userId={userId} />
          </div>
          <TasteMap key={`map-${userId}`} userId={userId} preferred={strategy} />
          <DeleteUserSection key={`delete-${userId}`} userId={userId} />
        </>
      ) : (
        <p className="intro">
          Enter a User ID to see that user’s recommendations, why each one is there, and their rating history. Rate any recommendation with the stars and watch the list change. New
          here? <Link to="/new-user">Create a user</Link>.
        </p>
      )}
    </div>
  );
}
