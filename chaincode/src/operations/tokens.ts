/** Each merchant's one points token: registration, cap changes by alliance majority, supply. */
import { z } from 'zod';
import { LedgerError } from '../domain/errors';
import type { CapProposal, Token } from '../domain/model';
import { lowerAllowances, splitEvenly, type SupplySummary } from '../domain/supply';
import { id, MAX_POINTS, MAX_SHARDS, points, symbol, text } from '../domain/validation';
import { approve } from '../domain/approvals';
import type { Ledger } from '../ledger/state';
import { allianceOrgs, policyRequiring, requireAllianceMember } from './alliance';
import { checkShard, foldDeltas, getShards, shardKey, supplyOf, takeDeltas } from './supply';

export const DEFAULT_SHARD_COUNT = 64;

export const RegisterTokenRequest = z.strictObject({
  symbol,
  name: text(80),
  cap: points,
  shardCount: z.number().int().min(1).max(MAX_SHARDS).optional(),
});
export const ProposeCapRaiseRequest = z.strictObject({ proposalId: id, newCap: points });
export const ApproveCapRaiseRequest = z.strictObject({ symbol, proposalId: id });
export const LowerCapRequest = z.strictObject({
  newCap: z.number().int().nonnegative().max(MAX_POINTS),
});
export const ConsolidateRequest = z.strictObject({ shard: z.number().int().nonnegative() });
export const RebalanceRequest = z.strictObject({
  fromShard: z.number().int().nonnegative(),
  toShard: z.number().int().nonnegative(),
  amount: points,
});
export const SymbolRequest = z.strictObject({ symbol });

export async function getToken(ledger: Ledger, tokenSymbol: string): Promise<Token> {
  return ledger.getOrFail('Token', tokenSymbol);
}

/** The token the calling org issues; most merchant operations act on it. */
export async function callerToken(ledger: Ledger): Promise<Token> {
  // A suspended merchant's token is frozen: it neither mints nor takes points back.
  await requireAllianceMember(ledger, ledger.callerOrg);
  const issuer = await ledger.get('TokenIssuer', ledger.callerOrg);
  if (!issuer) throw new LedgerError('NOT_FOUND', `${ledger.callerOrg} has not registered a token`);
  return getToken(ledger, issuer.symbol);
}

export async function registerToken(
  ledger: Ledger,
  request: z.infer<typeof RegisterTokenRequest>,
): Promise<Token> {
  const issuer = ledger.callerOrg;
  await requireAllianceMember(ledger, issuer);
  if (await ledger.get('TokenIssuer', issuer)) {
    throw new LedgerError('ALREADY_EXISTS', `${issuer} already issues a token`);
  }
  if (await ledger.get('Token', request.symbol)) {
    throw new LedgerError('ALREADY_EXISTS', `token ${request.symbol} already exists`);
  }
  const shardCount = Math.min(request.shardCount ?? DEFAULT_SHARD_COUNT, request.cap);
  const token: Token = {
    symbol: request.symbol,
    name: request.name,
    issuer,
    cap: request.cap,
    shardCount,
    createdAt: ledger.now.toISOString(),
  };
  const policy = await policyRequiring(ledger, issuer);
  await ledger.put('Token', [token.symbol], token);
  await ledger.setKeyPolicy('Token', [token.symbol], policy);
  await ledger.put('TokenIssuer', [issuer], { symbol: token.symbol });
  const allowances = splitEvenly(token.cap, shardCount);
  for (const [shard, allowance] of allowances.entries()) {
    const key = [token.symbol, shardKey(shard)] as [string, string];
    await ledger.put('Treasury', key, {
      symbol: token.symbol,
      shard,
      allowance,
      issued: 0,
      redeemed: 0,
    });
    await ledger.setKeyPolicy('Treasury', key, policy);
  }
  ledger.emit('TokenRegistered', { ...token });
  return token;
}

export async function proposeCapRaise(
  ledger: Ledger,
  request: z.infer<typeof ProposeCapRaiseRequest>,
): Promise<CapProposal> {
  const token = await callerToken(ledger);
  if (request.newCap <= token.cap) {
    throw new LedgerError('VALIDATION', `newCap must exceed the current cap ${token.cap}`);
  }
  if (await ledger.get('CapProposal', token.symbol, request.proposalId)) {
    throw new LedgerError('ALREADY_EXISTS', `proposal ${request.proposalId} already exists`);
  }
  const proposal: CapProposal = {
    id: request.proposalId,
    symbol: token.symbol,
    newCap: request.newCap,
    proposedBy: ledger.callerOrg,
    approvals: [ledger.callerOrg],
    status: 'open',
    createdAt: ledger.now.toISOString(),
  };
  await ledger.put('CapProposal', [token.symbol, proposal.id], proposal);
  ledger.emit('CapRaiseProposed', { ...proposal });
  return proposal;
}

/** One approval per org; the raise takes effect in the transaction that reaches a majority. */
export async function approveCapRaise(
  ledger: Ledger,
  request: z.infer<typeof ApproveCapRaiseRequest>,
): Promise<CapProposal> {
  const proposal = await ledger.getOrFail('CapProposal', request.symbol, request.proposalId);
  if (proposal.status !== 'open')
    throw new LedgerError('INVALID_STATE', 'proposal already applied');
  const { approvals, reached } = approve(
    proposal.approvals,
    ledger.callerOrg,
    await allianceOrgs(ledger),
  );
  const updated: CapProposal = { ...proposal, approvals };
  const token = await getToken(ledger, proposal.symbol);
  if (reached) {
    if (proposal.newCap <= token.cap) {
      throw new LedgerError('INVALID_STATE', `the cap is already ${token.cap}`);
    }
    const shards = await getShards(ledger, token.symbol);
    const raises = splitEvenly(proposal.newCap - token.cap, shards.length);
    for (const [index, shard] of shards.entries()) {
      await ledger.put('Treasury', [token.symbol, shardKey(shard.shard)], {
        ...shard,
        allowance: shard.allowance + (raises[index] ?? 0),
      });
    }
    await ledger.put('Token', [token.symbol], { ...token, cap: proposal.newCap });
    updated.status = 'applied';
    updated.appliedAt = ledger.now.toISOString();
  }
  await ledger.put('CapProposal', [proposal.symbol, proposal.id], updated);
  ledger.emit(updated.status === 'applied' ? 'CapRaised' : 'CapRaiseApproved', {
    ...updated,
    previousCap: token.cap,
  });
  return updated;
}

/** The issuer may lower its own cap, never below what is outstanding. */
export async function lowerCap(
  ledger: Ledger,
  request: z.infer<typeof LowerCapRequest>,
): Promise<SupplySummary> {
  const token = await callerToken(ledger);
  if (request.newCap >= token.cap) {
    throw new LedgerError('VALIDATION', `newCap must be below the current cap ${token.cap}`);
  }
  const before = await supplyOf(ledger, token);
  if (request.newCap < before.outstanding) {
    throw new LedgerError(
      'CAP_EXCEEDED',
      `cannot lower the cap to ${request.newCap}: ${before.outstanding} points are outstanding`,
    );
  }
  // Returned points go back into the shards first, so the whole unissued allowance is there.
  const folded = await takeDeltas(ledger, token.symbol);
  const shards = await getShards(ledger, token.symbol);
  for (const shard of lowerAllowances(shards, folded, token.cap - request.newCap)) {
    await ledger.put('Treasury', [token.symbol, shardKey(shard.shard)], shard);
  }
  await ledger.put('Token', [token.symbol], { ...token, cap: request.newCap });
  ledger.emit('CapLowered', { symbol: token.symbol, previousCap: token.cap, cap: request.newCap });
  return { ...before, cap: request.newCap, allowance: request.newCap - before.outstanding };
}

/** Periodic housekeeping by the issuer: returned points go back into one shard's allowance. */
export async function consolidateSupply(
  ledger: Ledger,
  request: z.infer<typeof ConsolidateRequest>,
): Promise<{ symbol: string; shard: number; folded: number }> {
  const token = await callerToken(ledger);
  const folded = await foldDeltas(ledger, token, request.shard);
  ledger.emit('SupplyConsolidated', { symbol: token.symbol, shard: request.shard, folded });
  return { symbol: token.symbol, shard: request.shard, folded };
}

/** Moves unissued allowance between two shards of the caller's token. */
export async function rebalanceTreasury(
  ledger: Ledger,
  request: z.infer<typeof RebalanceRequest>,
): Promise<{ symbol: string; fromShard: number; toShard: number; amount: number }> {
  const token = await callerToken(ledger);
  checkShard(token, request.fromShard);
  checkShard(token, request.toShard);
  if (request.fromShard === request.toShard)
    throw new LedgerError('VALIDATION', 'shards must differ');
  const from = await ledger.getOrFail('Treasury', token.symbol, shardKey(request.fromShard));
  const to = await ledger.getOrFail('Treasury', token.symbol, shardKey(request.toShard));
  if (from.allowance < request.amount) {
    throw new LedgerError(
      'CAP_EXCEEDED',
      `shard ${request.fromShard} holds ${from.allowance} allowance`,
    );
  }
  await ledger.put('Treasury', [token.symbol, shardKey(from.shard)], {
    ...from,
    allowance: from.allowance - request.amount,
  });
  await ledger.put('Treasury', [token.symbol, shardKey(to.shard)], {
    ...to,
    allowance: to.allowance + request.amount,
  });
  const result = { symbol: token.symbol, ...request };
  ledger.emit('TreasuryRebalanced', result);
  return result;
}

export async function tokenSupply(
  ledger: Ledger,
  tokenSymbol: string,
): Promise<SupplySummary & { name: string; issuer: string }> {
  const token = await getToken(ledger, tokenSymbol);
  return { ...(await supplyOf(ledger, token)), name: token.name, issuer: token.issuer };
}

export async function listTokens(ledger: Ledger): Promise<Token[]> {
  return ledger.list('Token');
}
