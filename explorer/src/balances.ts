/** What a member's lots mean for the page: points that will expire soon if not spent. */
import type { Lot } from './types';

export const EXPIRING_SOON_DAYS = 30;

/** Available points whose expiry falls within the next `days` days. */
export function expiringSoon(lots: readonly Lot[], now: Date, days = EXPIRING_SOON_DAYS): number {
  const t = now.getTime();
  const horizon = t + days * 86_400_000;
  return lots
    .filter((lot) => lot.availableFrom === undefined || Date.parse(lot.availableFrom) <= t)
    .filter((lot) => lot.expiresAt !== undefined)
    .filter((lot) => {
      const expiry = Date.parse(lot.expiresAt as string);
      return expiry > t && expiry <= horizon;
    })
    .reduce((sum, lot) => sum + lot.amount, 0);
}
