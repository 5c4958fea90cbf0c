/**
 * A small typed client of a merchant gateway, for applications, the demo and tests. Member
 * operations are signed here, with the member's key, over the canonical request the ledger
 * verifies; the key never leaves the caller.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import {
  signMemberRequest,
  type MemberOperation,
  type SignedMemberRequest,
} from '@points-alliance/chaincode/dist/member-request';

/** An RFC 7807 problem answered by the gateway. */
export class GatewayProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly body: Record<string, unknown>,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'GatewayProblem';
  }
}

export interface ClientOptions {
  baseUrl: string;
  /** Staff API key, for staff routes. */
  apiKey?: string;
  /** How long a signed member request stays valid (default 5 minutes). */
  requestLifetimeMs?: number;
  /** The clock that dates signed requests (default the system clock). */
  now?: () => number;
}

export interface Committed<T> {
  result: T;
  txId: string;
}

export class GatewayClient {
  constructor(private readonly options: ClientOptions) {}

  /** Any route: JSON in, JSON out, problems thrown. POSTs carry an Idempotency-Key. */
  async call<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = idempotencyKey ?? randomUUID();
    }
    const response = await fetch(new URL(path, this.options.baseUrl), {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!response.ok) {
      const problem = (parsed ?? {}) as Record<string, unknown>;
      throw new GatewayProblem(
        response.status,
        String(problem.code ?? 'UNKNOWN'),
        String(problem.detail ?? response.statusText),
        problem,
      );
    }
    return parsed as T;
  }

  /** Signs a member operation with a fresh nonce; the nonce doubles as the Idempotency-Key. */
  signed<P>(member: MemberKey, op: MemberOperation, params: P): SignedMemberRequest<P> {
    const lifetime = this.options.requestLifetimeMs ?? 5 * 60_000;
    return signMemberRequest(
      {
        op,
        memberId: member.memberId,
        params,
        nonce: randomUUID(),
        expiresAt: new Date((this.options.now ?? Date.now)() + lifetime).toISOString(),
      },
      member.privateKey,
    );
  }

  private submitSigned<T>(
    path: string,
    request: SignedMemberRequest<unknown>,
  ): Promise<Committed<T>> {
    return this.call('POST', path, request, `member:${request.memberId}:${request.nonce}`);
  }

  transfer(member: MemberKey, params: { symbol: string; to: string; points: number }) {
    return this.submitSigned('/transfers', this.signed(member, 'transfer', params));
  }

  redeem(member: MemberKey, params: { symbol: string; points: number; reference?: string }) {
    return this.submitSigned('/redemptions', this.signed(member, 'redeem', params));
  }

  exchange(member: MemberKey, params: { agreementId: string; amount: number }) {
    return this.submitSigned('/exchanges', this.signed(member, 'exchange', params));
  }

  exportLegacy(member: MemberKey, params: { symbol: string; appRef: string; points: number }) {
    return this.submitSigned('/legacy/exports', this.signed(member, 'export-legacy', params));
  }

  rotateKey(member: MemberKey, newPublicKey: string) {
    return this.submitSigned(
      '/members/key-rotations',
      this.signed(member, 'rotate-key', { newPublicKey }),
    );
  }

  balances(memberId: string) {
    return this.call<
      { symbol: string; available: number; pending: number; expired: number; total: number }[]
    >('GET', `/members/${encodeURIComponent(memberId)}/balances`);
  }

  quote(agreementId: string, memberId: string, amount: number) {
    const query = new URLSearchParams({ agreementId, memberId, amount: String(amount) });
    return this.call<{ debit: number; credit: number; fee: number; sufficient: boolean }>(
      'GET',
      `/exchange-quotes?${query.toString()}`,
    );
  }

  rateCards() {
    return this.call<unknown[]>('GET', '/rate-cards');
  }
}

/** A member's identity as the client signs with it. */
export interface MemberKey {
  memberId: string;
  privateKey: KeyObject;
}
