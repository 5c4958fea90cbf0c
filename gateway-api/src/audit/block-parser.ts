/**
 * Reads the audit facts out of a Fabric block: for each endorser transaction its id, time,
 * submitting org, validation code and the chaincode event it set (one per transaction).
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';

export interface BlockTransaction {
  blockNumber: number;
  txIndex: number;
  txId: string;
  timestamp: string;
  creatorMsp: string;
  validationCode: string;
  chaincode?: string;
  eventName?: string;
  /** The event payload, parsed as JSON when it is JSON. */
  payload?: unknown;
}

const VALIDATION_NAMES = new Map<number, string>(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code as number, name]),
);

function validationCodes(block: common.Block): Uint8Array {
  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  return metadata[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
}

function parsePayload(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return Buffer.from(bytes).toString('base64');
  }
}

/** The chaincode event of an endorser transaction, if it set one. */
function chaincodeEvent(
  transactionBytes: Uint8Array,
): { chaincode: string; event?: peer.ChaincodeEvent } | undefined {
  const transaction = peer.Transaction.deserializeBinary(transactionBytes);
  for (const action of transaction.getActionsList()) {
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const responsePayload = actionPayload.getAction()?.getProposalResponsePayload_asU8();
    if (!responsePayload) continue;
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(
      peer.ProposalResponsePayload.deserializeBinary(responsePayload).getExtension_asU8(),
    );
    const chaincode = chaincodeAction.getChaincodeId()?.getName() ?? '';
    const eventBytes = chaincodeAction.getEvents_asU8();
    return eventBytes.length > 0
      ? { chaincode, event: peer.ChaincodeEvent.deserializeBinary(eventBytes) }
      : { chaincode };
  }
  return undefined;
}

export function parseBlock(block: common.Block): BlockTransaction[] {
  const blockNumber = Number(block.getHeader()?.getNumber() ?? 0);
  const codes = validationCodes(block);
  const found: BlockTransaction[] = [];
  block
    .getData()
    ?.getDataList_asU8()
    .forEach((envelopeBytes, txIndex) => {
      const payload = common.Payload.deserializeBinary(
        common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8(),
      );
      const header = payload.getHeader();
      if (!header) return;
      const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
      if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return;
      const creator = msp.SerializedIdentity.deserializeBinary(
        common.SignatureHeader.deserializeBinary(
          header.getSignatureHeader_asU8(),
        ).getCreator_asU8(),
      );
      const time = channelHeader.getTimestamp();
      const millis = (time?.getSeconds() ?? 0) * 1000 + Math.floor((time?.getNanos() ?? 0) / 1e6);
      const code = codes[txIndex] ?? peer.TxValidationCode.NOT_VALIDATED;
      const action = chaincodeEvent(payload.getData_asU8());
      found.push({
        blockNumber,
        txIndex,
        txId: channelHeader.getTxId(),
        timestamp: new Date(millis).toISOString(),
        creatorMsp: creator.getMspid(),
        validationCode: VALIDATION_NAMES.get(code) ?? String(code),
        ...(action && { chaincode: action.chaincode }),
        ...(action?.event && {
          eventName: action.event.getEventName(),
          payload: parsePayload(action.event.getPayload_asU8()),
        }),
      });
    });
  return found;
}
