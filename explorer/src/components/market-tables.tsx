/**
 * The coupon market as tables: coupon classes with their counts, open offers, open auctions.
 * The alliance, member and merchant views show the same tables, some with an action per row.
 */
import type { ComponentChildren } from 'preact';
import { formatPoints, formatTime } from '../format';
import { describeAsset, describeBenefit } from '../market';
import type { CouponClassView, MarketAuction, MarketOffer } from '../types';
import { Table } from './table';

export function CouponClassTable({ id, classes }: { id: string; classes: CouponClassView[] }) {
  return (
    <Table
      id={id}
      columns={[
        'Class',
        'Issuer',
        'Benefit',
        'Valid (UTC)',
        { numeric: 'Price' },
        { numeric: 'Issued' },
        { numeric: 'Redeemed' },
        { numeric: 'Expired' },
        { numeric: 'Outstanding' },
      ]}
    >
      {classes.map((c) => (
        <tr key={c.id} data-class={c.id}>
          <td>
            <strong>{c.id}</strong> <span class="muted">{c.name}</span>
          </td>
          <td>
            {c.issuer}
            {c.acceptedBy.length > 0 && (
              <span class="muted"> (also at {c.acceptedBy.join(', ')})</span>
            )}
          </td>
          <td>{describeBenefit(c)}</td>
          <td>
            {formatTime(c.validFrom)} – {formatTime(c.validUntil)}
          </td>
          <td class="num">{c.pricePoints === undefined ? '—' : formatPoints(c.pricePoints)}</td>
          <td class="num issued">{formatPoints(c.issued)}</td>
          <td class="num redeemed">{formatPoints(c.redeemed)}</td>
          <td class="num">{formatPoints(c.expired)}</td>
          <td class="num outstanding">{formatPoints(c.outstanding)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function OfferTable({
  id,
  offers,
  action,
}: {
  id: string;
  offers: MarketOffer[];
  /** A cell of buttons for the row, when the viewer can act on offers. */
  action?(offer: MarketOffer): ComponentChildren;
}) {
  return (
    <Table
      id={id}
      columns={['Offer', 'Gives', 'Wants', 'Open until (UTC)', ...(action ? ['Actions'] : [])]}
    >
      {offers.map((offer) => (
        <tr key={offer.id} data-offer={offer.id}>
          <td>{offer.id}</td>
          <td>{describeAsset(offer.give)}</td>
          <td>{describeAsset(offer.want)}</td>
          <td>{formatTime(offer.expiresAt)}</td>
          {action && <td class="actions">{action(offer)}</td>}
        </tr>
      ))}
    </Table>
  );
}

export function AuctionTable({
  id,
  auctions,
  action,
}: {
  id: string;
  auctions: MarketAuction[];
  action?(auction: MarketAuction): ComponentChildren;
}) {
  return (
    <Table
      id={id}
      columns={[
        'Auction',
        'Coupon',
        'Seller',
        { numeric: 'Minimum' },
        { numeric: 'Standing bid' },
        { numeric: 'Bids' },
        'Closes (UTC)',
        ...(action ? ['Actions'] : []),
      ]}
    >
      {auctions.map((auction) => (
        <tr key={auction.id} data-auction={auction.id}>
          <td>{auction.id}</td>
          <td>{auction.couponId}</td>
          <td>{auction.seller.kind === 'merchant' ? auction.seller.org : 'a member'}</td>
          <td class="num">
            {formatPoints(auction.minBid)} {auction.symbol}
          </td>
          <td class="num standing">
            {auction.highest ? `${formatPoints(auction.highest.points)} ${auction.symbol}` : '—'}
          </td>
          <td class="num">{formatPoints(auction.bids)}</td>
          <td>{formatTime(auction.closesAt)}</td>
          {action && <td class="actions">{action(auction)}</td>}
        </tr>
      ))}
    </Table>
  );
}
