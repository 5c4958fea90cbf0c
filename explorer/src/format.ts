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

/** A datetime-local value read as UTC, the way the page shows times; '' stays undefined. */
export function utcInstant(local: string): string | undefined {
  return local === '' ? undefined : new Date(`${local}Z`).toISOString();
}

/** An amount in minor units of an ISO 4217 currency, with that currency's own decimals. */
export function formatMoney(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}
