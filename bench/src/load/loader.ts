/** A loader sends work orders one way (through a gateway, or straight to the ledger). */
import type { WorkOrder } from './work-order';

/**
 * What became of an order: VALID; a Fabric validation code it was invalidated with
 * (MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT, ...); REFUSED:<code> when the chaincode refused
 * it at endorsement (it never reached a block); HTTP_<status> or ERROR:<name> otherwise.
 */
export type Outcome = string;
export const VALID: Outcome = 'VALID';

export interface Loader {
  readonly name: 'rest' | 'direct';
  run(order: WorkOrder): Promise<Outcome>;
}
