/**
 * The ledger's invariants, read through the gateways and the channel's state: per token,
 * outstanding = Σ balances = issued − redeemed ≤ cap; no negative or fractional lot; every
 * acknowledged exchange has exactly its obligation, seen alike by debtor and creditor.
 * Each check answers the violations it found, so a scenario can count them.
 */
import type { Balance, Obligation } from '@points-alliance/chaincode/dist/domain/model';
import type { TestAlliance } from '@points-alliance/chaincode/dist/test-support/alliance';
import type { Sandbox, SandboxGateway } from '@points-alliance/gateway-api/test-support/sandbox';
import { gatewayOf } from './alliance-setup';
import { send } from './http';

/** The records of one kind in the channel's world state, with their composite-key parts. */
export function records<T>(alliance: TestAlliance, kind: string): { key: string[]; value: T }[] {
  const found: { key: string[]; value: T }[] = [];
  for (const [key, text] of Object.entries(alliance.publicState())) {
    const parts = key.split('\u0000');
    if (parts[1] !== kind) continue;
    // publicState appends a key-level policy after ' @' to policy-guarded records.
    const json = text.replace(/ @[0-9a-f]+$/, '');
    found.push({ key: parts.slice(2, -1), value: JSON.parse(json) as T });
  }
  return found;
}

async function audited<T>(gateway: SandboxGateway, path: string): Promise<T> {
  const answer = await send(gateway.url, path, { apiKey: gateway.gateway.keys.auditor });
  if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.text}`);
  return answer.body as T;
}

interface Supply {
  cap: number;
  issued: number;
  redeemed: number;
  outstanding: number;
}

export async function supplyViolations(sandbox: Sandbox): Promise<string[]> {
  const violations: string[] = [];
  const [reader] = Object.values(sandbox.gateways);
  if (!reader) throw new Error('the sandbox runs no gateway');
  const balances = records<Balance>(sandbox.alliance, 'Balance');
  for (const { value } of balances) {
    for (const lot of value.lots) {
      if (!Number.isSafeInteger(lot.amount) || lot.amount < 0) {
        violations.push(`${value.memberId}/${value.symbol} holds a lot of ${lot.amount}`);
      }
    }
  }
  const tokens = await audited<{ symbol: string }[]>(reader, '/tokens');
  for (const { symbol } of tokens) {
    const supply = await audited<Supply>(reader, `/tokens/${symbol}`);
    const held = balances
      .filter(({ value }) => value.symbol === symbol)
      .reduce((sum, { value }) => sum + value.lots.reduce((lots, lot) => lots + lot.amount, 0), 0);
    if (supply.outstanding !== held)
      violations.push(`${symbol}: outstanding ${supply.outstanding} but balances hold ${held}`);
    if (supply.outstanding !== supply.issued - supply.redeemed)
      violations.push(
        `${symbol}: outstanding ≠ issued ${supply.issued} − redeemed ${supply.redeemed}`,
      );
    if (supply.outstanding > supply.cap)
      violations.push(`${symbol}: outstanding ${supply.outstanding} above the cap ${supply.cap}`);
  }
  return violations;
}

/** An exchange a gateway acknowledged: its transaction and the obligation it answered. */
export interface AcknowledgedExchange {
  txId: string;
  obligation: Obligation;
}

/**
 * Each org's obligations, read at its own gateway, against the acknowledged exchanges: one
 * obligation per exchange, with the same points, on both parties' lists, and no other.
 */
export async function obligationViolations(
  sandbox: Sandbox,
  exchanges: readonly AcknowledgedExchange[],
): Promise<string[]> {
  const violations: string[] = [];
  for (const org of Object.keys(sandbox.gateways)) {
    const listed = await audited<Obligation[]>(gatewayOf(sandbox, org), '/obligations');
    const expected = exchanges.filter(
      ({ obligation }) => obligation.debtor === org || obligation.creditor === org,
    );
    const byId = new Map(listed.map((obligation) => [obligation.id, obligation]));
    for (const { txId, obligation } of expected) {
      const found = byId.get(txId);
      if (!found) violations.push(`${org} lists no obligation for exchange ${txId}`);
      else if (
        found.pointsGiven !== obligation.pointsGiven ||
        found.pointsReceived !== obligation.pointsReceived ||
        found.fee !== obligation.fee
      )
        violations.push(`${org}'s obligation ${txId} differs from the exchange's answer`);
    }
    if (listed.length !== expected.length)
      violations.push(`${org} lists ${listed.length} obligations for ${expected.length} exchanges`);
  }
  return violations;
}

/**
 * Members' balances, read at their home gateways, against what the acknowledged operations
 * predict (`member/symbol` → points): a lost or doubled operation shows here.
 */
export async function balanceViolations(
  sandbox: Sandbox,
  homeOf: (memberId: string) => string,
  expected: ReadonlyMap<string, number>,
): Promise<string[]> {
  const violations: string[] = [];
  for (const [held, points] of expected) {
    const [memberId = '', symbol = ''] = held.split('/');
    const balance = await audited<{ total: number }>(
      gatewayOf(sandbox, homeOf(memberId)),
      `/members/${memberId}/balances/${symbol}`,
    );
    if (balance.total !== points)
      violations.push(`${held}: ${balance.total} on the ledger, ${points} acknowledged`);
  }
  return violations;
}
