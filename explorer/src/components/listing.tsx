/** A titled list read from the gateway: its error, a word when it is empty, else its table. */
import type { ComponentChildren } from 'preact';
import { ErrorNote, Loading } from './notes';
import type { Loaded } from './use-load';

export function Listing<T>({
  title,
  loaded,
  empty,
  children,
}: {
  title: string;
  loaded: Loaded<T[]>;
  empty: string;
  children(items: T[]): ComponentChildren;
}) {
  return (
    <>
      <h3>{title}</h3>
      <ErrorNote error={loaded.error} />
      <Loading when={loaded.loading && !loaded.data} />
      {loaded.data?.length === 0 && <p class="muted">{empty}</p>}
      {loaded.data !== undefined && loaded.data.length > 0 && children(loaded.data)}
    </>
  );
}
