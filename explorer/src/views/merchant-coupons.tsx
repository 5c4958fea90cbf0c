/**
 * The merchant's coupons (staff key): its classes with their counts, defining a class (admin),
 * issuing a coupon to a member, auctioning a new one, and closing auctions after their deadline.
 */
import { useState } from 'preact/hooks';
import { call } from '../api';
import { ActionForm, CommitNote, useCommit } from '../components/action-form';
import { Check, Field, Fields, Select, type FieldSpec } from '../components/field';
import { Listing } from '../components/listing';
import { AuctionTable, CouponClassTable } from '../components/market-tables';
import { useMarket } from '../components/use-market';
import { useNow } from '../components/use-now';
import { utcInstant } from '../format';
import { pastClose } from '../market';
import type { Committed, CouponClassView } from '../types';

type Staff = { staffKey: string; org: string };
type CouponsProps = Staff & { ours: CouponClassView[]; onDone(): void };

/** A staff POST that commits one coupons transaction. */
function post(staffKey: string, path: string, body: object): Promise<Committed<unknown>> {
  return call<Committed<unknown>>('POST', path, { bearer: staffKey, body });
}

const CLASS_FIELDS = [
  ['classId', 'Class id', 'text', true],
  ['name', 'Name', 'text', true],
  ['benefit', 'Benefit, in words', 'text', true],
  ['quantityCap', 'How many at most', 'number', true],
  ['validFrom', 'Valid from (UTC)', 'datetime-local', true],
  ['validUntil', 'Valid until (UTC)', 'datetime-local', true],
  ['pricePoints', 'Price in our points (optional)', 'number', false],
  ['faceValueMinor', 'Face value in minor units (optional)', 'number', false],
  ['currency', 'Face value currency', 'text', false],
  ['acceptedBy', 'Also accepted by (orgs, comma-separated)', 'text', false],
] as const satisfies readonly FieldSpec[];
type ClassField = (typeof CLASS_FIELDS)[number][0];

/** The class the form describes, in the shape POST /coupon-classes takes; blanks left out. */
function classDefinition(values: Partial<Record<ClassField, string>>, transferable: boolean) {
  const given = (field: ClassField) => (values[field] ?? '').trim();
  const acceptedBy = given('acceptedBy')
    .split(/[\s,]+/)
    .filter(Boolean);
  return {
    classId: given('classId'),
    name: given('name'),
    benefit: given('benefit'),
    quantityCap: Number(given('quantityCap')),
    validFrom: utcInstant(given('validFrom')),
    validUntil: utcInstant(given('validUntil')),
    transferable,
    ...(given('pricePoints') !== '' && { pricePoints: Number(given('pricePoints')) }),
    ...(given('faceValueMinor') !== '' && {
      faceValue: { amountMinor: Number(given('faceValueMinor')), currency: given('currency') },
    }),
    ...(acceptedBy.length > 0 && { acceptedBy }),
  };
}

function DefineClass({ staffKey, onDone }: CouponsProps) {
  const [values, setValues] = useState<Partial<Record<ClassField, string>>>({ currency: 'EUR' });
  const [transferable, setTransferable] = useState(true);
  const commit = useCommit(
    () => post(staffKey, '/coupon-classes', classDefinition(values, transferable)),
    onDone,
  );
  return (
    <ActionForm
      id="define-class"
      title="Define a coupon class"
      submitLabel="Define"
      done="Defined."
      commit={commit}
      wide
    >
      <Fields specs={CLASS_FIELDS} values={values} onValues={setValues} />
      <Check
        name="transferable"
        label="Members may pass it on"
        checked={transferable}
        onChecked={setTransferable}
      />
    </ActionForm>
  );
}

/** One of this merchant's own classes: only the issuer issues or auctions its coupons. */
function ClassSelect({
  ours,
  value,
  onValue,
}: {
  ours: CouponClassView[];
  value: string;
  onValue(value: string): void;
}) {
  const options = ours.map((c) => [c.id, c.name] as const);
  return <Select name="classId" label="Class" value={value} options={options} onValue={onValue} />;
}

function IssueCoupon({ staffKey, ours, onDone }: CouponsProps) {
  const [classId, setClassId] = useState('');
  const [memberId, setMemberId] = useState('');
  const commit = useCommit(
    () => post(staffKey, '/coupon-issuances', { classId, memberId: memberId.trim() }),
    onDone,
  );
  return (
    <ActionForm
      id="issue-coupon"
      title="Issue a coupon to a member"
      submitLabel="Issue"
      done="Issued."
      commit={commit}
    >
      <ClassSelect ours={ours} value={classId} onValue={setClassId} />
      <Field
        name="memberId"
        label="Member id"
        kind="text"
        required
        value={memberId}
        onValue={setMemberId}
      />
    </ActionForm>
  );
}

const AUCTION_FIELDS = [
  ['auctionId', 'Auction id', 'text', true],
  ['minBid', 'Minimum bid (our points)', 'number', true],
  ['closesAt', 'Closes at (UTC)', 'datetime-local', true],
] as const satisfies readonly FieldSpec[];

function OpenAuction({ staffKey, ours, onDone }: CouponsProps) {
  const [values, setValues] = useState<
    Partial<Record<'auctionId' | 'minBid' | 'closesAt', string>>
  >({});
  const [classId, setClassId] = useState('');
  const commit = useCommit(
    () =>
      post(staffKey, '/merchant-auctions', {
        auctionId: (values.auctionId ?? '').trim(),
        classId,
        minBid: Number(values.minBid),
        closesAt: utcInstant(values.closesAt ?? ''),
      }),
    onDone,
  );
  return (
    <ActionForm
      id="open-auction"
      title="Auction a new coupon"
      submitLabel="Open auction"
      done="Opened."
      commit={commit}
    >
      <ClassSelect ours={ours} value={classId} onValue={setClassId} />
      <Fields specs={AUCTION_FIELDS} values={values} onValues={setValues} />
    </ActionForm>
  );
}

export function MerchantCoupons({ staffKey, org }: Staff) {
  const [round, setRound] = useState(0);
  const onDone = () => setRound((n) => n + 1);
  const market = useMarket(round);
  const now = useNow();
  const close = useCommit(
    (auctionId: string) => post(staffKey, `/auctions/${encodeURIComponent(auctionId)}/closing`, {}),
    onDone,
  );
  const ours = market.classes.data?.filter((c) => c.issuer === org);
  const props: CouponsProps = { staffKey, org, ours: ours ?? [], onDone };
  return (
    <div id="merchant-coupons">
      <Listing
        title="Our coupon classes"
        loaded={{ ...market.classes, data: ours }}
        empty="No class defined yet."
      >
        {(classes) => <CouponClassTable id="our-coupon-classes" classes={classes} />}
      </Listing>
      <div class="forms">
        <IssueCoupon {...props} />
        <OpenAuction {...props} />
      </div>
      <DefineClass {...props} />
      <Listing title="Open auctions" loaded={market.auctions} empty="No auction is open.">
        {(auctions) => (
          <AuctionTable
            id="merchant-auctions"
            auctions={auctions}
            action={(auction) => (
              <button
                type="button"
                class="close-auction"
                title="Anyone may close an auction once its deadline has passed"
                disabled={close.busy || !pastClose(auction, now)}
                onClick={() => void close.run(auction.id)}
              >
                Close
              </button>
            )}
          />
        )}
      </Listing>
      <CommitNote commit={close} done="Closed." />
    </div>
  );
}
