/**
 * The members' market in the member view: open offers to take, the member's own to withdraw,
 * a new offer, and bids in open auctions. Every one is signed here with the member's key.
 */
import { useState } from 'preact/hooks';
import { call } from '../api';
import { ActionForm, CommitNote, useCommit } from '../components/action-form';
import { Field, Fields, Select } from '../components/field';
import { Listing } from '../components/listing';
import { AuctionTable, OfferTable } from '../components/market-tables';
import { useLoad, type Loaded } from '../components/use-load';
import type { Market } from '../components/use-market';
import { useNow } from '../components/use-now';
import { formatPoints } from '../format';
import { couponOption, hoursFromNow, minimumBid, movableCoupons, pastClose } from '../market';
import { submitSigned } from '../member-calls';
import type { MarketOffer, Offer } from '../types';
import type { CouponProps } from './member-coupons';

type MarketProps = CouponProps & { market: Market; round: number };

/** A coupon the member may hand over for an offer that wants one of its class. */
function couponFor(offer: MarketOffer, { held, classes }: CouponProps): string | undefined {
  if (offer.want.kind !== 'coupon') return undefined;
  const classId = offer.want.classId;
  return movableCoupons(held, classes).find((c) => c.classId === classId)?.id;
}

function OpenOffers(props: MarketProps & { mine: ReadonlySet<string> }) {
  const { session, market, mine, onDone } = props;
  const take = useCommit(
    (offer: MarketOffer) =>
      submitSigned(session, 'take-offer', '/offer-acceptances', {
        offerId: offer.id,
        ...(offer.want.kind === 'coupon' && { couponId: couponFor(offer, props) }),
      }),
    onDone,
  );
  return (
    <>
      <Listing title="Open offers" loaded={market.offers} empty="No offer is open.">
        {(offers) => (
          <OfferTable
            id="market-offers"
            offers={offers}
            action={(offer) =>
              mine.has(offer.id) ? (
                <span class="muted">yours</span>
              ) : (
                <button
                  type="button"
                  class="take"
                  disabled={take.busy || (offer.want.kind === 'coupon' && !couponFor(offer, props))}
                  onClick={() => void take.run(offer)}
                >
                  Take
                </button>
              )
            }
          />
        )}
      </Listing>
      <CommitNote commit={take} done="Taken." />
    </>
  );
}

function MyOffers({ session, mine, onDone }: MarketProps & { mine: Loaded<Offer[]> }) {
  const cancel = useCommit(
    (offerId: string) => submitSigned(session, 'cancel-offer', '/offer-cancellations', { offerId }),
    onDone,
  );
  return (
    <>
      <Listing title="My open offers" loaded={mine} empty="You have no open offer.">
        {(offers) => (
          <OfferTable
            id="my-offers"
            offers={offers}
            action={(offer) => (
              <button
                type="button"
                class="danger"
                disabled={cancel.busy}
                onClick={() => void cancel.run(offer.id)}
              >
                Withdraw
              </button>
            )}
          />
        )}
      </Listing>
      <CommitNote commit={cancel} done="Withdrawn." />
    </>
  );
}

const KINDS = [
  ['points', 'Points'],
  ['coupon', 'A coupon'],
] as const;

/** One side of an offer: the kind, then points of a token or the coupon (class) it names. */
function AssetFields({
  side,
  values,
  coupons,
  onValues,
}: {
  side: 'give' | 'want';
  values: Record<string, string>;
  coupons: readonly (readonly [string, string])[];
  onValues(values: Record<string, string>): void;
}) {
  const set = (name: string) => (value: string) =>
    onValues({ ...values, [`${side}.${name}`]: value });
  const kind = values[`${side}.kind`] ?? 'points';
  return (
    <fieldset>
      <legend>{side === 'give' ? 'You give' : 'You want'}</legend>
      <Select
        name={`${side}.kind`}
        label="Kind"
        value={kind}
        options={KINDS}
        onValue={set('kind')}
      />
      {kind === 'points' ? (
        <Fields
          specs={[
            [`${side}.symbol`, 'Token', 'text', true],
            [`${side}.points`, 'Points', 'number', true],
          ]}
          values={values}
          onValues={onValues}
        />
      ) : (
        <Select
          name={`${side}.coupon`}
          label={side === 'give' ? 'Coupon' : 'Any coupon of'}
          value={values[`${side}.coupon`] ?? ''}
          options={coupons}
          onValue={set('coupon')}
        />
      )}
    </fieldset>
  );
}

/** The asset one side of the form names, in the ledger's shape. */
function asset(side: 'give' | 'want', values: Record<string, string>) {
  if ((values[`${side}.kind`] ?? 'points') === 'points') {
    const symbol = (values[`${side}.symbol`] ?? '').trim();
    return { kind: 'points', symbol, points: Number(values[`${side}.points`]) };
  }
  const coupon = values[`${side}.coupon`] ?? '';
  return side === 'give'
    ? { kind: 'coupon', couponId: coupon }
    : { kind: 'coupon', classId: coupon };
}

function MakeOffer({ session, classes, held, onDone }: MarketProps) {
  const fresh = () => ({ offerId: `offer-${crypto.randomUUID().slice(0, 8)}`, hours: '24' });
  const [values, setValues] = useState<Record<string, string>>(fresh);
  const commit = useCommit(
    () =>
      submitSigned(session, 'create-offer', '/offers', {
        offerId: (values.offerId ?? '').trim(),
        give: asset('give', values),
        want: asset('want', values),
        expiresAt: hoursFromNow(Number(values.hours)),
      }),
    () => {
      setValues(fresh());
      onDone();
    },
  );
  const wantable = classes.filter((c) => c.transferable).map((c) => [c.id, c.name] as const);
  return (
    <ActionForm
      id="make-offer"
      title="Make an offer"
      submitLabel="Offer"
      done="Offered."
      commit={commit}
    >
      <Fields
        specs={[['offerId', 'Offer id', 'text', true]]}
        values={values}
        onValues={setValues}
      />
      <AssetFields
        side="give"
        values={values}
        coupons={movableCoupons(held, classes).map((c) => couponOption(c, classes))}
        onValues={setValues}
      />
      <AssetFields side="want" values={values} coupons={wantable} onValues={setValues} />
      <Fields
        specs={[['hours', 'Open for (hours)', 'number', true]]}
        values={values}
        onValues={setValues}
      />
    </ActionForm>
  );
}

function Bid({ session, market, onDone }: MarketProps) {
  const now = useNow();
  const [auctionId, setAuctionId] = useState('');
  const [points, setPoints] = useState('');
  const open = (market.auctions.data ?? []).filter((a) => !pastClose(a, now));
  const commit = useCommit(
    () => submitSigned(session, 'bid', '/bids', { auctionId, points: Number(points) }),
    onDone,
  );
  return (
    <ActionForm
      id="bid"
      title="Bid in an auction"
      submitLabel="Bid"
      done="Bid placed."
      commit={commit}
    >
      <Select
        name="auctionId"
        label="Auction"
        value={auctionId}
        options={open.map((a) => [
          a.id,
          `${a.id}: ${a.couponId}, at least ${formatPoints(minimumBid(a))} ${a.symbol}`,
        ])}
        onValue={setAuctionId}
      />
      <Field
        name="points"
        label="Points"
        kind="number"
        required
        value={points}
        onValue={setPoints}
      />
    </ActionForm>
  );
}

/** A member puts a coupon up for auction, for points of a token of their choice. */
function AuctionCoupon({ session, classes, held, onDone }: MarketProps) {
  const fresh = () => ({
    auctionId: `auction-${crypto.randomUUID().slice(0, 8)}`,
    couponId: '',
    symbol: '',
    minBid: '1',
    hours: '24',
  });
  const [values, setValues] = useState<Record<string, string>>(fresh);
  const commit = useCommit(
    () =>
      submitSigned(session, 'open-auction', '/auctions', {
        auctionId: (values.auctionId ?? '').trim(),
        couponId: values.couponId ?? '',
        symbol: (values.symbol ?? '').trim(),
        minBid: Number(values.minBid),
        closesAt: hoursFromNow(Number(values.hours)),
      }),
    () => {
      setValues(fresh());
      onDone();
    },
  );
  return (
    <ActionForm
      id="auction-coupon"
      title="Auction a coupon"
      submitLabel="Auction"
      done="Auction opened."
      commit={commit}
    >
      <Select
        name="couponId"
        label="Coupon"
        value={values.couponId ?? ''}
        options={movableCoupons(held, classes).map((c) => couponOption(c, classes))}
        onValue={(couponId) => setValues({ ...values, couponId })}
      />
      <Fields
        specs={[
          ['auctionId', 'Auction id', 'text', true],
          ['symbol', 'Bids in token', 'text', true],
          ['minBid', 'Lowest bid', 'number', true],
          ['hours', 'Closes in (hours)', 'number', true],
        ]}
        values={values}
        onValues={setValues}
      />
    </ActionForm>
  );
}

export function MemberMarket(props: MarketProps) {
  const mine = useLoad(
    () => call<Offer[]>('GET', '/me/offers', { bearer: props.session.token }),
    [props.session, props.round],
  );
  return (
    <div id="member-market">
      <OpenOffers {...props} mine={new Set(mine.data?.map((o) => o.id))} />
      <MyOffers {...props} mine={mine} />
      <Listing title="Open auctions" loaded={props.market.auctions} empty="No auction is open.">
        {(auctions) => <AuctionTable id="market-auctions" auctions={auctions} />}
      </Listing>
      <div class="forms">
        <MakeOffer {...props} />
        <AuctionCoupon {...props} />
        <Bid {...props} />
      </div>
    </div>
  );
}
