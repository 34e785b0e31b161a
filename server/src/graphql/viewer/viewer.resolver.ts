import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';

@ObjectType('Viewer', { description: 'Who is calling: the API key this request authenticated with, if any.' })
export class ViewerType {
  @Field(() => Boolean)
  authenticated: boolean;

  @Field(() => String, { nullable: true, description: "the key's name (never the key itself)" })
  keyName: string | null;

  @Field(() => [String], { description: 'effective scopes: admin includes write, write includes read' })
  scopes: string[];
}

@Resolver()
export class ViewerResolver {
  @Query(() => ViewerType, { description: "The caller's key and scopes, so a client can offer only what it may do." })
  viewer(@Ctx() ctx: Context): ViewerType {
    const caller = ctx.auth.caller;
    const order = ['read', 'write', 'admin'];
    return Object.assign(new ViewerType(), {
      authenticated: !!caller,
      keyName: caller?.keyName ?? null,
      scopes: caller ? order.filter((s) => caller.scopes.has(s as 'read')) : [],
    });
  }
}
