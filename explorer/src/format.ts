/** How numbers and times read on the page. */
const numberFormat = new Intl.NumberFormat('en');

export function formatPoints(value: number): string {
  return numberFormat.format(value);
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { timeZone: 'UTC' });
}

/** A long id (transaction id, hash) shortened for a table cell; the full one is its title. */
export function shortId(value: string): string {
  return value.length > 16 ? `${value.slice(0, 8)}…${value.slice(-6)}` : value;
}
