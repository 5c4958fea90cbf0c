/** The most common route: a POST whose body, as it is, is the one argument of a transaction. */
import type { z } from 'zod';
import { route, type Route } from '../http/route';
import { committed, submit } from './calls';

export type SubmittingRoute<B extends z.ZodType> = Omit<Route<B>, 'method' | 'handle' | 'body'> & {
  body: B;
  contract: string;
  fn: string;
};

/** Submits the validated body to `contract`'s `fn`; answers its result and transaction id. */
export function submittingRoute<B extends z.ZodType>({
  contract,
  fn,
  ...definition
}: SubmittingRoute<B>): Route {
  return route({
    ...definition,
    method: 'post',
    handle: async (input) =>
      committed(
        await submit(input, contract, fn, input.body as object),
        definition.responds.status,
      ),
  });
}
