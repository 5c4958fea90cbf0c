/** The contract wrapper: LedgerClient over @hyperledger/fabric-gateway, with conflict retries. */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { GatewayError, StatusCode, type Network } from '@hyperledger/fabric-gateway';
import { backOff } from 'exponential-backoff';
import {
  LedgerCommitFailure,
  LedgerRefusal,
  refusalIn,
  LedgerUnavailable,
  type Committed,
  type LedgerCall,
  type LedgerClient,
} from './ledger';

/** Validation codes after which endorsing again can succeed: the rejected tx changed nothing. */
const RETRYABLE = new Set<string>(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);
const UNAVAILABLE = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED]);
const STATUS_NAMES = new Map<number, string>(
  Object.entries(StatusCode).map(([name, code]) => [code, name]),
);

export interface FabricLedgerOptions {
  chaincode: string;
  /** Attempts at a transaction invalidated by a read conflict (default 5). */
  attempts?: number;
}

const decoder = new TextDecoder();

function encodeArgs(call: LedgerCall) {
  return {
    arguments: call.args.map((arg) => JSON.stringify(arg)),
    ...(call.transient && {
      transientData: Object.fromEntries(
        Object.entries(call.transient).map(([name, value]) => [name, JSON.stringify(value)]),
      ),
    }),
    ...(call.endorsingOrgs && { endorsingOrganizations: call.endorsingOrgs }),
  };
}

function decodeResult<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

/** Turns Fabric client errors into the ledger's own failure types. */
export function translateError(error: unknown): unknown {
  if (!(error instanceof GatewayError)) return error;
  const refusal = refusalIn([error.message, ...error.details.map((detail) => detail.message)]);
  if (refusal) return refusal;
  if (UNAVAILABLE.has(error.code)) return new LedgerUnavailable(error.message);
  return error;
}

class RetryableConflict extends LedgerCommitFailure {}

export class FabricLedger implements LedgerClient {
  constructor(
    private readonly network: Network,
    private readonly options: FabricLedgerOptions,
  ) {}

  async submit<T>(call: LedgerCall): Promise<Committed<T>> {
    try {
      return await backOff(() => this.submitOnce<T>(call), {
        numOfAttempts: this.options.attempts ?? 5,
        startingDelay: 50,
        maxDelay: 1000,
        jitter: 'full',
        retry: (error: unknown) => error instanceof RetryableConflict,
      });
    } catch (error) {
      if (error instanceof RetryableConflict) {
        throw new LedgerCommitFailure(error.validationCode, error.txId);
      }
      throw error;
    }
  }

  private async submitOnce<T>(call: LedgerCall): Promise<Committed<T>> {
    const contract = this.network.getContract(this.options.chaincode, call.contract);
    try {
      const transaction = await contract.newProposal(call.fn, encodeArgs(call)).endorse();
      const submitted = await transaction.submit();
      const status = await submitted.getStatus();
      if (!status.successful) {
        const name = STATUS_NAMES.get(status.code) ?? String(status.code);
        const Failure = RETRYABLE.has(name) ? RetryableConflict : LedgerCommitFailure;
        throw new Failure(name, status.transactionId);
      }
      return { result: decodeResult<T>(submitted.getResult()), txId: status.transactionId };
    } catch (error) {
      throw translateError(error);
    }
  }

  async evaluate<T>(call: LedgerCall): Promise<T> {
    const contract = this.network.getContract(this.options.chaincode, call.contract);
    try {
      return decodeResult<T>(await contract.evaluate(call.fn, encodeArgs(call)));
    } catch (error) {
      throw translateError(error);
    }
  }

  async ready(): Promise<boolean> {
    try {
      await this.evaluate({ contract: 'alliance', fn: 'getAlliance', args: [] });
      return true;
    } catch (error) {
      // A refusal still proves the peer and the chaincode answer.
      return error instanceof LedgerRefusal;
    }
  }
}
