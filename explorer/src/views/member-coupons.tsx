/**
 * The member's coupons: those held, with their state, and buying, gifting and redeeming them,
 * each signed here with the member's key. The market (offers, bids) follows.
 */
import { useState } from 'preact/hooks';
import { call } from '../api';
import { ActionForm, useCommit } from '../components/action-form';
import { Field, Select } from '../components/field';
import { Listing } from '../components/listing';
import { Table } from '../components/table';
import { useLoad } from '../components/use-load';
import { useMarket } from '../components/use-market';
import { formatPoints, formatTime } from '../format';
import { acceptedAt, couponOption, movableCoupons } from '../market';
import { submitSigned } from '../member-calls';
import type { MemberSession } from '../session';
import type { CouponClassView, CouponView } from '../types';
import { MemberMarket } from './member-market';

export interface CouponProps {
  session: MemberSession;
  classes: CouponClassView[];
  held: CouponView[];
  onDone(): void;
}

function CouponRows({ coupons, classes }: { coupons: CouponView[]; classes: CouponClassView[] }) {
  return (
    <Table id="my-coupons" columns={['Coupon', 'For', 'State', 'Valid until (UTC)']}>
      {coupons.map((coupon) => {
        const couponClass = classes.find((c) => c.id === coupon.classId);
        return (
          <tr key={coupon.id} data-coupon={coupon.id}>
            <td>{coupon.id}</td>
            <td>{couponClass ? couponClass.benefit : coupon.issuer}</td>
            <td class="state">{coupon.state}</td>
            <td>{couponClass ? formatTime(couponClass.validUntil) : '—'}</td>
          </tr>
        );
      })}
    </Table>
  );
}

/** Purchases happen at the issuer's counter: only this gateway's own classes are for sale here. */
function BuyCoupon({ session, classes, onDone }: CouponProps) {
  const [classId, setClassId] = useState('');
  const forSale = classes.filter((c) => c.issuer === session.org && c.pricePoints !== undefined);
  const commit = useCommit(
    () => submitSigned(session, 'buy-coupon', '/coupon-purchases', { classId }),
    onDone,
  );
  return (
    <ActionForm
      id="buy-coupon"
      title={`Buy a coupon from ${session.org}`}
      submitLabel="Buy"
      done="Bought."
      commit={commit}
    >
      <Select
        name="classId"
        label="Coupon"
        value={classId}
        options={forSale.map((c) => [
          c.id,
          `${c.name}: ${formatPoints(c.pricePoints ?? 0)} points`,
        ])}
        onValue={setClassId}
      />
    </ActionForm>
  );
}

function GiftCoupon({ session, classes, held, onDone }: CouponProps) {
  const [couponId, setCouponId] = useState('');
  const [to, setTo] = useState('');
  const commit = useCommit(
    () => submitSigned(session, 'gift-coupon', '/coupon-gifts', { couponId, to: to.trim() }),
    () => {
      setCouponId('');
      onDone();
    },
  );
  return (
    <ActionForm
      id="gift-coupon"
      title="Gift a coupon"
      submitLabel="Gift"
      done="Gifted."
      commit={commit}
    >
      <Select
        name="couponId"
        label="Coupon"
        value={couponId}
        options={movableCoupons(held, classes).map((c) => couponOption(c, classes))}
        onValue={setCouponId}
      />
      <Field name="to" label="To member" kind="text" value={to} required onValue={setTo} />
    </ActionForm>
  );
}

/** Used at the counter of the merchant whose gateway served the page. */
function RedeemCoupon({ session, classes, held, onDone }: CouponProps) {
  const [couponId, setCouponId] = useState('');
  const [reference, setReference] = useState('');
  const takenHere = held.filter((coupon) => {
    const couponClass = classes.find((c) => c.id === coupon.classId);
    return coupon.state === 'active' && couponClass && acceptedAt(couponClass, session.org);
  });
  const commit = useCommit(
    () =>
      submitSigned(session, 'redeem-coupon', '/coupon-redemptions', {
        couponId,
        ...(reference.trim() !== '' && { reference: reference.trim() }),
      }),
    () => {
      setCouponId('');
      onDone();
    },
  );
  return (
    <ActionForm
      id="redeem-coupon"
      title={`Use a coupon at ${session.org}`}
      submitLabel="Redeem"
      done="Redeemed."
      commit={commit}
    >
      <Select
        name="couponId"
        label="Coupon"
        value={couponId}
        options={takenHere.map((c) => couponOption(c, classes))}
        onValue={setCouponId}
      />
      <Field
        name="reference"
        label="Counter reference (optional)"
        kind="text"
        value={reference}
        onValue={setReference}
      />
    </ActionForm>
  );
}

export function MemberCoupons({
  session,
  round,
  onDone,
}: {
  session: MemberSession;
  round: number;
  onDone(): void;
}) {
  const market = useMarket(round);
  const coupons = useLoad(
    () => call<CouponView[]>('GET', '/me/coupons', { bearer: session.token }),
    [session, round],
  );
  const props: CouponProps = {
    session,
    classes: market.classes.data ?? [],
    held: coupons.data ?? [],
    onDone,
  };
  return (
    <div id="member-coupons">
      <Listing title="My coupons" loaded={coupons} empty="You hold no coupon.">
        {(list) => <CouponRows coupons={list} classes={props.classes} />}
      </Listing>
      <div class="forms">
        <BuyCoupon {...props} />
        <GiftCoupon {...props} />
        <RedeemCoupon {...props} />
      </div>
      <MemberMarket {...props} market={market} round={round} />
    </div>
  );
}
