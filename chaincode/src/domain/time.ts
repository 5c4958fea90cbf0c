/** Calendar keys derived from the transaction time (UTC), never from the local clock. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function utcMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export function addHours(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * 3_600_000);
}
