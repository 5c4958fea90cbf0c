/**
 * The member view: sign in by signing the gateway's challenge with the member key, then
 * balances, quotes, exchanges and transfers, coupons and the market (each signed here), and the
 * member's own history.
 */
import { Table } from '../components/table';
import { useState } from 'preact/hooks';
import { call, queryString } from '../api';
import { expiringSoon, EXPIRING_SOON_DAYS } from '../balances';
import { Field } from '../components/field';
import { ErrorNote, Loading } from '../components/notes';
import { AuditPages } from '../components/audit-table';
import { MemberCoupons } from './member-coupons';
import { useAction, useLoad } from '../components/use-load';
import { formatPoints } from '../format';
import { submitSigned } from '../member-calls';
import { importMemberKey, signSignIn } from '../member-key';
import type { MemberSession } from '../session';
import type { AuditPage, Balance, Quote, Agreement } from '../types';

interface Challenge {
  org: string;
  memberId: string;
  challenge: string;
}

async function signIn(memberId: string, pkcs8: string): Promise<MemberSession> {
  const key = await importMemberKey(pkcs8);
  const challenge = await call<Challenge>(
    'GET',
    `/member-sessions/challenge${queryString({ memberId })}`,
  );
  const signature = await signSignIn(key, challenge);
  const session = await call<{ token: string; expiresAt: string }>('POST', '/member-sessions', {
    body: { memberId, challenge: challenge.challenge, signature },
  });
  return { memberId, org: challenge.org, token: session.token, expiresAt: session.expiresAt, key };
}

function SignIn({ onSignedIn }: { onSignedIn(session: MemberSession): void }) {
  const [memberId, setMemberId] = useState('');
  const [pkcs8, setPkcs8] = useState('');
  const action = useAction(signIn);
  return (
    <form
      id="member-sign-in"
      class="panel"
      onSubmit={async (event) => {
        event.preventDefault();
        const session = await action.run(memberId.trim(), pkcs8);
        if (session) onSignedIn(session);
      }}
    >
      <h3>Sign in as a member</h3>
      <p class="muted">
        Your key stays in this browser: the page proves you hold it by signing a challenge.
      </p>
      <Field
        name="memberId"
        label="Member id"
        kind="text"
        value={memberId}
        required
        onValue={setMemberId}
      />
      <label>
        Member key (PKCS#8 PEM)
        <textarea
          name="memberKey"
          rows={5}
          required
          value={pkcs8}
          onInput={(e) => setPkcs8(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={action.busy}>
        Sign in
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

function Balances({ balances }: { balances: Balance[] }) {
  const now = new Date();
  return (
    <Table
      id="balances"
      columns={[
        'Token',
        { numeric: 'Available' },
        { numeric: 'Pending' },
        { numeric: `Expiring within ${EXPIRING_SOON_DAYS} days` },
      ]}
    >
      {balances.map((balance) => (
        <tr key={balance.symbol} data-symbol={balance.symbol}>
          <td>{balance.symbol}</td>
          <td class="num available">{formatPoints(balance.available)}</td>
          <td class="num">{formatPoints(balance.pending)}</td>
          <td class="num">{formatPoints(expiringSoon(balance.lots, now))}</td>
        </tr>
      ))}
    </Table>
  );
}

function Exchange({ session, onDone }: { session: MemberSession; onDone(): void }) {
  const cards = useLoad(() => call<Agreement[]>('GET', '/rate-cards'), []);
  const [agreementId, setAgreementId] = useState('');
  const [amount, setAmount] = useState('');
  const [quote, setQuote] = useState<Quote>();
  const [done, setDone] = useState<string>();
  const chosen = agreementId || cards.data?.[0]?.id || '';
  const getQuote = useAction(async () => {
    setDone(undefined);
    const found = await call<Quote>(
      'GET',
      `/exchange-quotes${queryString({ agreementId: chosen, memberId: session.memberId, amount })}`,
    );
    setQuote(found);
  });
  const exchange = useAction(async () => {
    const outcome = await submitSigned(session, 'exchange', '/exchanges', {
      agreementId: chosen,
      amount: Number(amount),
    });
    setDone(outcome.txId);
    setQuote(undefined);
    onDone();
  });
  return (
    <form
      id="exchange"
      class="panel"
      onSubmit={(event) => {
        event.preventDefault();
        void getQuote.run();
      }}
    >
      <h3>Exchange points</h3>
      <ErrorNote error={cards.error} />
      <label>
        Agreement
        <select
          name="agreementId"
          value={chosen}
          onChange={(e) => {
            setAgreementId(e.currentTarget.value);
            setQuote(undefined);
          }}
        >
          {cards.data?.map((card) => (
            <option key={card.id} value={card.id}>
              {card.id}: {card.rateDenominator} {card.fromSymbol} → {card.rateNumerator}{' '}
              {card.toSymbol} (fee {card.fee})
            </option>
          ))}
        </select>
      </label>
      <label>
        Points to exchange
        <input
          name="amount"
          type="number"
          min="1"
          required
          value={amount}
          onInput={(e) => {
            setAmount(e.currentTarget.value);
            setQuote(undefined);
          }}
        />
      </label>
      <button type="submit" disabled={getQuote.busy || !chosen}>
        Get a quote
      </button>
      <ErrorNote error={getQuote.error} />
      {quote && (
        <div class="quote" id="quote">
          <p>
            You give <strong>{formatPoints(quote.debit)}</strong> {quote.fromSymbol} (fee{' '}
            {formatPoints(quote.fee)}) and receive <strong>{formatPoints(quote.credit)}</strong>{' '}
            {quote.toSymbol}.
          </p>
          {!quote.sufficient && (
            <p class="error" role="alert">
              Not enough {quote.fromSymbol} available ({formatPoints(quote.available)}).
            </p>
          )}
          <button
            type="button"
            id="confirm-exchange"
            disabled={exchange.busy || !quote.sufficient}
            onClick={() => void exchange.run()}
          >
            Exchange now
          </button>
        </div>
      )}
      <ErrorNote error={exchange.error} />
      {done && (
        <p class="success" role="status" id="exchange-done">
          Exchanged. Transaction <code class="txid">{done}</code>
        </p>
      )}
    </form>
  );
}

function Transfer({ session, onDone }: { session: MemberSession; onDone(): void }) {
  const [symbol, setSymbol] = useState('');
  const [to, setTo] = useState('');
  const [points, setPoints] = useState('');
  const [done, setDone] = useState<string>();
  const transfer = useAction(async () => {
    setDone(undefined);
    const outcome = await submitSigned(session, 'transfer', '/transfers', {
      symbol: symbol.trim(),
      to: to.trim(),
      points: Number(points),
    });
    setDone(outcome.txId);
    onDone();
  });
  return (
    <form
      id="transfer"
      class="panel"
      onSubmit={(event) => {
        event.preventDefault();
        void transfer.run();
      }}
    >
      <h3>Transfer points</h3>
      <Field name="symbol" label="Token" kind="text" value={symbol} required onValue={setSymbol} />
      <Field name="to" label="To member" kind="text" value={to} required onValue={setTo} />
      <Field
        name="points"
        label="Points"
        kind="number"
        value={points}
        required
        onValue={setPoints}
      />
      <button type="submit" disabled={transfer.busy}>
        Transfer
      </button>
      <ErrorNote error={transfer.error} />
      {done && (
        <p class="success" role="status">
          Transferred. Transaction <code class="txid">{done}</code>
        </p>
      )}
    </form>
  );
}

function History({ session, round }: { session: MemberSession; round: number }) {
  return (
    <div id="member-history">
      <h3>My history</h3>
      <AuditPages
        refresh={round}
        load={(cursor) =>
          call<AuditPage>('GET', `/me/history${queryString({ cursor, limit: 20 })}`, {
            bearer: session.token,
          })
        }
      />
    </div>
  );
}

export function MemberView({
  session,
  onSession,
}: {
  session: MemberSession | undefined;
  onSession(session: MemberSession | undefined): void;
}) {
  const [round, setRound] = useState(0);
  const balances = useLoad(
    () =>
      session
        ? call<Balance[]>('GET', '/me/balances', { bearer: session.token })
        : Promise.resolve([]),
    [session, round],
  );
  if (!session) {
    return (
      <section aria-labelledby="member-title">
        <h2 id="member-title">Member</h2>
        <SignIn onSignedIn={onSession} />
      </section>
    );
  }
  const refresh = () => setRound((n) => n + 1);
  return (
    <section aria-labelledby="member-title">
      <h2 id="member-title">
        Member <span id="signed-in-member">{session.memberId}</span>
      </h2>
      <button type="button" class="link" onClick={() => onSession(undefined)}>
        Sign out
      </button>
      <h3>Balances</h3>
      <ErrorNote error={balances.error} />
      <Loading when={balances.loading && !balances.data} />
      {balances.data && <Balances balances={balances.data} />}
      <div class="forms">
        <Exchange session={session} onDone={refresh} />
        <Transfer session={session} onDone={refresh} />
      </div>
      <MemberCoupons session={session} round={round} onDone={refresh} />
      <History session={session} round={round} />
    </section>
  );
}
