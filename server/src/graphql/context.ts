import type { Logger } from '../logger';
import type { Caller } from '../services/api-key.service';
import type { Services } from '../services/services';
import { createLoaders, type Loaders } from './loaders';

/** What every resolver gets: the request's loaders, the shared services, who is calling. */
export interface Context {
  requestId: string;
  logger: Logger;
  loaders: Loaders;
  services: Services;
  auth: {
    caller: Caller | null;
    /** a key was sent but is unknown, revoked or malformed */
    invalidKey: boolean;
  };
}

/**
 * One request's Context. Its logger child and DataLoaders are made when a resolver first asks for
 * them: most requests (a cached list, the trivial query) never do. The getters live on the
 * prototype because Apollo copies the context's own properties into a fresh object of the same
 * prototype for each operation (own getters would be called, eagerly, by that copy).
 */
export class RequestContext implements Context {
  private lazyLogger: Logger | undefined = undefined;
  private lazyLoaders: Loaders | undefined = undefined;

  constructor(
    readonly requestId: string,
    readonly services: Services,
    readonly auth: Context['auth'],
    private readonly parentLogger: Logger,
  ) {}

  get logger(): Logger {
    return (this.lazyLogger ??= this.parentLogger.child({ requestId: this.requestId }));
  }

  get loaders(): Loaders {
    return (this.lazyLoaders ??= createLoaders(this.services.repos));
  }
}
