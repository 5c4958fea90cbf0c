/**
 * The merchant view (staff key): activity, agreements with their private terms, obligations
 * and net positions per counterparty, settlements to post and confirm, and its coupons.
 */
import { Table } from '../components/table';
import { useState } from 'preact/hooks';
import { call, queryString } from '../api';
import { Field } from '../components/field';
import { ErrorNote, Loading } from '../components/notes';
import { useAction, useLoad } from '../components/use-load';
import { formatPoints, formatTime, shortId, utcInstant } from '../format';
import { MerchantCoupons } from './merchant-coupons';
import type { Agreement, MerchantActivity, NetPosition, Obligation, Settlement } from '../types';

type Staff = { staffKey: string; org: string };

function Activity({ staffKey }: Staff) {
  const activity = useLoad(
    () => call<MerchantActivity>('GET', '/merchant/activity', { bearer: staffKey }),
    [staffKey],
  );
  const a = activity.data;
  return (
    <div class="cards" id="activity">
      <ErrorNote error={activity.error} />
      {a && (
        <>
          <div class="card">
            <span class="figure">{formatPoints(a.members)}</span> members
          </div>
          <div class="card">
            <span class="figure">{formatPoints(a.earns.points)}</span> {a.symbol} earned in{' '}
            {formatPoints(a.earns.count)} earns
          </div>
          <div class="card">
            <span class="figure">{formatPoints(a.redemptions.points)}</span> {a.symbol} redeemed in{' '}
            {formatPoints(a.redemptions.count)} redemptions
          </div>
        </>
      )}
    </div>
  );
}

function Terms({ staffKey, agreementId }: { staffKey: string; agreementId: string }) {
  const terms = useLoad(
    () =>
      call<Record<string, unknown>>('GET', `/agreements/${encodeURIComponent(agreementId)}/terms`, {
        bearer: staffKey,
      }),
    [agreementId],
  );
  return (
    <div class="terms">
      <ErrorNote error={terms.error} />
      {terms.data && (
        <dl>
          {Object.entries(terms.data).map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function Agreements({ staffKey, org }: Staff) {
  const list = useLoad(
    () => call<Agreement[]>('GET', `/agreements${queryString({ org })}`, { bearer: staffKey }),
    [staffKey],
  );
  const [shown, setShown] = useState<string>();
  const act = useAction(async (agreementId: string, what: 'acceptance' | 'revocation') => {
    await call('POST', `/agreements/${encodeURIComponent(agreementId)}/${what}`, {
      bearer: staffKey,
    });
    list.reload();
  });
  return (
    <div id="agreements">
      <h3>Agreements</h3>
      <ErrorNote error={list.error} />
      <ErrorNote error={act.error} />
      <Table columns={['Agreement', 'Exchange', 'Status', 'Actions']}>
        {list.data?.map((agreement) => (
          <tr key={agreement.id} data-agreement={agreement.id}>
            <td>{agreement.id}</td>
            <td>
              {agreement.fromOrg} {agreement.rateDenominator} {agreement.fromSymbol} →{' '}
              {agreement.toOrg} {agreement.rateNumerator} {agreement.toSymbol}
              {shown === agreement.id && <Terms staffKey={staffKey} agreementId={agreement.id} />}
            </td>
            <td class="status">{agreement.status}</td>
            <td class="actions">
              <button
                type="button"
                onClick={() => setShown(shown === agreement.id ? undefined : agreement.id)}
              >
                {shown === agreement.id ? 'Hide terms' : 'Private terms'}
              </button>
              {agreement.status === 'proposed' && agreement.toOrg === org && (
                <button
                  type="button"
                  disabled={act.busy}
                  onClick={() => void act.run(agreement.id, 'acceptance')}
                >
                  Accept
                </button>
              )}
              {agreement.status !== 'revoked' && (
                <button
                  type="button"
                  class="danger"
                  disabled={act.busy}
                  onClick={() => void act.run(agreement.id, 'revocation')}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </Table>
      <ProposeAgreement staffKey={staffKey} org={org} onDone={list.reload} />
    </div>
  );
}

const PROPOSAL_FIELDS = [
  ['agreementId', 'Agreement id', 'text'],
  ['toOrg', 'To merchant (org)', 'text'],
  ['rateDenominator', 'Our points given', 'number'],
  ['rateNumerator', 'Their points received', 'number'],
  ['minimum', 'Minimum', 'number'],
  ['step', 'Step', 'number'],
  ['fee', 'Fee (our points)', 'number'],
  ['memberDailyCap', 'Member daily cap', 'number'],
  ['validFrom', 'Valid from (UTC)', 'datetime-local'],
  ['validUntil', 'Valid until (UTC)', 'datetime-local'],
  ['pricePerThousandPointsMinor', 'Private price per 1000 points (minor units)', 'number'],
  ['currency', 'Currency', 'text'],
] as const;
type ProposalField = (typeof PROPOSAL_FIELDS)[number][0];

function ProposeAgreement({ staffKey, onDone }: Staff & { onDone(): void }) {
  const [values, setValues] = useState<Partial<Record<ProposalField, string>>>({ currency: 'EUR' });
  const propose = useAction(async () => {
    const number = (field: ProposalField) => Number(values[field]);
    const instant = (field: ProposalField) => utcInstant(values[field] ?? '');
    await call('POST', '/agreements', {
      bearer: staffKey,
      body: {
        agreementId: values.agreementId,
        toOrg: values.toOrg,
        rateNumerator: number('rateNumerator'),
        rateDenominator: number('rateDenominator'),
        minimum: number('minimum'),
        step: number('step'),
        fee: number('fee'),
        memberDailyCap: number('memberDailyCap'),
        validFrom: instant('validFrom'),
        validUntil: instant('validUntil'),
        terms: {
          pricePerThousandPointsMinor: number('pricePerThousandPointsMinor'),
          currency: values.currency,
        },
      },
    });
    onDone();
  });
  return (
    <details class="panel">
      <summary>Propose an agreement</summary>
      <form
        id="propose-agreement"
        class="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          void propose.run();
        }}
      >
        {PROPOSAL_FIELDS.map(([name, label, kind]) => (
          <Field
            key={name}
            name={name}
            label={label}
            kind={kind}
            required
            value={values[name] ?? ''}
            onValue={(value) => setValues({ ...values, [name]: value })}
          />
        ))}
        <button type="submit" disabled={propose.busy}>
          Propose
        </button>
        <ErrorNote error={propose.error} />
      </form>
    </details>
  );
}

function Obligations({ staffKey, org, round }: Staff & { round: number }) {
  const obligations = useLoad(
    () => call<Obligation[]>('GET', '/obligations', { bearer: staffKey }),
    [staffKey, round],
  );
  const positions = useLoad(
    () => call<NetPosition[]>('GET', '/net-positions', { bearer: staffKey }),
    [staffKey, round],
  );
  const open = obligations.data?.filter((o) => o.status !== 'settled') ?? [];
  const settled = obligations.data?.filter((o) => o.status === 'settled') ?? [];
  const rows = (list: Obligation[]) =>
    list.map((o) => (
      <tr key={o.id} data-obligation={o.id}>
        <td title={o.id}>{shortId(o.id)}</td>
        <td>{o.debtor === org ? `we owe ${o.creditor}` : `${o.debtor} owes us`}</td>
        <td class="num">{formatPoints(o.pointsReceived)}</td>
        <td>{o.status}</td>
        <td>{formatTime(o.createdAt)}</td>
      </tr>
    ));
  const table = (id: string, list: Obligation[]) => (
    <Table
      id={id}
      columns={['Obligation', 'Between', { numeric: 'Points received' }, 'Status', 'Created']}
    >
      {rows(list)}
    </Table>
  );
  return (
    <div>
      <h3>Net position per counterparty</h3>
      <ErrorNote error={positions.error} />
      <Table
        id="net-positions"
        columns={[
          'Counterparty',
          { numeric: 'Receivable points' },
          { numeric: 'Payable points' },
          { numeric: 'Net (minor units)' },
        ]}
      >
        {positions.data?.map((p) => (
          <tr key={`${p.counterparty}-${p.currency}`}>
            <td>{p.counterparty}</td>
            <td class="num">{formatPoints(p.receivablePoints)}</td>
            <td class="num">{formatPoints(p.payablePoints)}</td>
            <td class="num">
              {formatPoints(p.netMinor)} {p.currency}
            </td>
          </tr>
        ))}
      </Table>
      <ErrorNote error={obligations.error} />
      <h3>Open obligations</h3>
      {table('open-obligations', open)}
      <h3>Settled obligations</h3>
      {table('settled-obligations', settled)}
    </div>
  );
}

function Settlements({
  staffKey,
  org,
  onChange,
  round,
}: Staff & { onChange(): void; round: number }) {
  const list = useLoad(
    () => call<Settlement[]>('GET', '/settlements', { bearer: staffKey }),
    [staffKey, round],
  );
  const confirm = useAction(async (settlementId: string) => {
    await call('POST', `/settlements/${encodeURIComponent(settlementId)}/confirmation`, {
      bearer: staffKey,
    });
    onChange();
  });
  return (
    <div id="settlements">
      <h3>Settlements</h3>
      <ErrorNote error={list.error} />
      <ErrorNote error={confirm.error} />
      <Table columns={['Settlement', 'Between', { numeric: 'Points' }, 'Status', 'Actions']}>
        {list.data?.map((s) => (
          <tr key={s.id} data-settlement={s.id}>
            <td>{s.id}</td>
            <td>{s.debtor === org ? `we paid ${s.creditor}` : `${s.debtor} paid us`}</td>
            <td class="num">{formatPoints(s.points)}</td>
            <td class="status">{s.status}</td>
            <td>
              {s.status === 'posted' && s.creditor === org && (
                <button
                  type="button"
                  class="confirm"
                  disabled={confirm.busy}
                  onClick={() => void confirm.run(s.id)}
                >
                  Confirm
                </button>
              )}
            </td>
          </tr>
        ))}
      </Table>
      <PostSettlement staffKey={staffKey} org={org} round={round} onDone={onChange} />
    </div>
  );
}

function PostSettlement({
  staffKey,
  org,
  round,
  onDone,
}: Staff & { round: number; onDone(): void }) {
  const owed = useLoad(
    () =>
      call<Obligation[]>('GET', '/obligations?status=open', { bearer: staffKey }).then((list) =>
        list.filter((o) => o.debtor === org),
      ),
    [staffKey, round],
  );
  const [settlementId, setSettlementId] = useState('');
  const [creditor, setCreditor] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [paid, setPaid] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [reference, setReference] = useState('');
  const post = useAction(async () => {
    await call('POST', '/settlements', {
      bearer: staffKey,
      body: {
        settlementId,
        creditor,
        obligationIds: chosen,
        details: { paidAmountMinor: Number(paid), currency, bankReference: reference },
      },
    });
    setChosen([]);
    onDone();
  });
  const eligible = owed.data?.filter((o) => creditor === '' || o.creditor === creditor) ?? [];
  return (
    <details class="panel">
      <summary>Post a settlement</summary>
      <form
        id="post-settlement"
        class="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          void post.run();
        }}
      >
        <Field
          name="settlementId"
          label="Settlement id"
          kind="text"
          value={settlementId}
          required
          onValue={setSettlementId}
        />
        <Field
          name="creditor"
          label="Creditor (org)"
          kind="text"
          value={creditor}
          required
          onValue={setCreditor}
        />
        <fieldset>
          <legend>Obligations we owe</legend>
          <Loading when={owed.loading && !owed.data} />
          {eligible.length === 0 && <p class="muted">None open.</p>}
          {eligible.map((o) => (
            <label key={o.id} class="check">
              <input
                type="checkbox"
                checked={chosen.includes(o.id)}
                onChange={(e) =>
                  setChosen(
                    e.currentTarget.checked
                      ? [...chosen, o.id]
                      : chosen.filter((id) => id !== o.id),
                  )
                }
              />
              {shortId(o.id)} to {o.creditor}: {formatPoints(o.pointsReceived)} points
            </label>
          ))}
        </fieldset>
        <Field
          name="paid"
          label="Paid (minor units)"
          kind="number"
          value={paid}
          required
          onValue={setPaid}
        />
        <Field
          name="currency"
          label="Currency"
          kind="text"
          value={currency}
          required
          onValue={setCurrency}
        />
        <Field
          name="reference"
          label="Bank reference"
          kind="text"
          value={reference}
          required
          onValue={setReference}
        />
        <button type="submit" disabled={post.busy || chosen.length === 0}>
          Post settlement
        </button>
        <ErrorNote error={post.error} />
      </form>
    </details>
  );
}

export function MerchantView({ staffKey, org }: Staff) {
  const [round, setRound] = useState(0);
  const changed = () => setRound((n) => n + 1);
  return (
    <section aria-labelledby="merchant-title">
      <h2 id="merchant-title">Merchant {org}</h2>
      <Activity staffKey={staffKey} org={org} />
      <Agreements staffKey={staffKey} org={org} />
      <Obligations staffKey={staffKey} org={org} round={round} />
      <Settlements staffKey={staffKey} org={org} round={round} onChange={changed} />
      <MerchantCoupons staffKey={staffKey} org={org} />
    </section>
  );
}
