/** The public coupon market, as every view reads it: classes, open offers, open auctions. */
import { call } from '../api';
import type { CouponClassView, MarketAuction, MarketOffer } from '../types';
import { useLoad, type Loaded } from './use-load';

export interface Market {
  classes: Loaded<CouponClassView[]>;
  offers: Loaded<MarketOffer[]>;
  auctions: Loaded<MarketAuction[]>;
}

/** Reads again whenever `round` changes (after the viewer's own transactions). */
export function useMarket(round: unknown = 0): Market {
  return {
    classes: useLoad(() => call<CouponClassView[]>('GET', '/alliance/coupon-classes'), [round]),
    offers: useLoad(() => call<MarketOffer[]>('GET', '/alliance/offers'), [round]),
    auctions: useLoad(() => call<MarketAuction[]>('GET', '/alliance/auctions'), [round]),
  };
}
