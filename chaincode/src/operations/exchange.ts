/** A member exchanges A-points for B-points at an active agreement's rate; A then owes B. */
import { allianceOrgs } from './alliance';
import { z } from 'zod';
import { LedgerError } from '../domain/errors';
import { isActiveAt, quoteExchange, type ExchangeQuote } from '../domain/exchange';
import { summarize } from '../domain/lots';
import type { Agreement, Obligation } from '../domain/model';
import { utcDay, utcMonth } from '../domain/time';
import { id, MAX_SHARDS, points } from '../domain/validation';
import type { Ledger } from '../ledger/state';
import { policyRequiring } from './alliance';
import { creditMember, debitMember, readBalance } from './balances';
import { getAgreement } from './agreements';
import { authorizeMember, getMember, signedRequest } from './member-auth';
import { burn, defaultShard, mint } from './supply';
import { getToken } from './tokens';

export const ExchangeParams = z.strictObject({ agreementId: id, amount: points });
export const ExchangeRequest = signedRequest('exchange', ExchangeParams);
export const ExchangeOptions = z.strictObject({
  /** The target token's treasury shard the submitting gateway leased for this transaction. */
  shard: z
    .number()
    .int()
    .nonnegative()
    .max(MAX_SHARDS - 1)
    .optional(),
});
export const QuoteRequest = z.strictObject({ agreementId: id, memberId: id, amount: points });

async function activeAgreement(ledger: Ledger, agreementId: string): Promise<Agreement> {
  const agreement = await getAgreement(ledger, agreementId);
  if (!isActiveAt(agreement, ledger.now)) {
    throw new LedgerError('AGREEMENT_INACTIVE', `agreement ${agreement.id} is not in force`);
  }
  const active = await allianceOrgs(ledger);
  const away = [agreement.fromOrg, agreement.toOrg].filter((party) => !active.includes(party));
  if (away.length > 0) {
    throw new LedgerError(
      'AGREEMENT_INACTIVE',
      `agreement ${agreement.id} is suspended with ${away.join(' and ')}`,
    );
  }
  return agreement;
}

async function receivedToday(
  ledger: Ledger,
  agreementId: string,
  memberId: string,
): Promise<number> {
  const day = await ledger.get('ExchangeDay', agreementId, memberId, utcDay(ledger.now));
  return day?.received ?? 0;
}

/** What an exchange would do now, without doing it. */
export async function quote(
  ledger: Ledger,
  request: z.infer<typeof QuoteRequest>,
): Promise<
  ExchangeQuote & {
    agreementId: string;
    fromSymbol: string;
    toSymbol: string;
    available: number;
    sufficient: boolean;
  }
> {
  const agreement = await activeAgreement(ledger, request.agreementId);
  await getMember(ledger, request.memberId);
  const result = quoteExchange(
    agreement,
    request.amount,
    await receivedToday(ledger, agreement.id, request.memberId),
  );
  const balance = await readBalance(ledger, request.memberId, agreement.fromSymbol);
  const { available } = summarize(balance.lots, ledger.now);
  return {
    ...result,
    agreementId: agreement.id,
    fromSymbol: agreement.fromSymbol,
    toSymbol: agreement.toSymbol,
    available,
    sufficient: available >= result.debit,
  };
}

export async function exchange(
  ledger: Ledger,
  request: z.infer<typeof ExchangeRequest>,
  options: z.infer<typeof ExchangeOptions>,
): Promise<{ obligation: Obligation; quote: ExchangeQuote }> {
  const agreement = await activeAgreement(ledger, request.params.agreementId);
  const member = await authorizeMember(ledger, request);
  const today = utcDay(ledger.now);
  const already = await receivedToday(ledger, agreement.id, member.id);
  const result = quoteExchange(agreement, request.params.amount, already);
  const [from, to] = [
    await getToken(ledger, agreement.fromSymbol),
    await getToken(ledger, agreement.toSymbol),
  ];

  await debitMember(ledger, from, member.id, result.debit);
  await burn(ledger, from.symbol, result.amount, 'exchange');
  await burn(ledger, from.symbol, result.fee, 'fee');

  await mint(ledger, to, options.shard ?? defaultShard(member.id, to.shardCount), result.credit);
  await creditMember(ledger, to, member.id, [
    { id: `exchange:${ledger.txId}`, amount: result.credit },
  ]);
  await ledger.put('ExchangeDay', [agreement.id, member.id, today], {
    agreementId: agreement.id,
    memberId: member.id,
    day: today,
    received: already + result.credit,
  });

  const obligation: Obligation = {
    id: ledger.txId,
    debtor: agreement.fromOrg,
    creditor: agreement.toOrg,
    agreementId: agreement.id,
    memberId: member.id,
    pointsGiven: result.amount,
    pointsReceived: result.credit,
    fee: result.fee,
    status: 'open',
    createdAt: ledger.now.toISOString(),
    period: utcMonth(ledger.now),
  };
  const key = [obligation.debtor, obligation.creditor, obligation.id] as [string, string, string];
  await ledger.put('Obligation', key, obligation);
  await ledger.setKeyPolicy(
    'Obligation',
    key,
    await policyRequiring(ledger, obligation.debtor, obligation.creditor),
  );
  ledger.emit('Exchanged', { ...obligation, fromSymbol: from.symbol, toSymbol: to.symbol });
  return { obligation, quote: result };
}
