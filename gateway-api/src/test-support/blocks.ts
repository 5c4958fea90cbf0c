/**
 * Real Fabric block messages, built with the protos, for tests of the audit index: the same
 * bytes a peer's block events carry, with the fields the parser reads.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';

export interface TestTransaction {
  txId: string;
  mspId: string;
  at: Date;
  eventName?: string;
  payload?: unknown;
  validationCode?: number;
  /** A config transaction instead of an endorser one. */
  config?: boolean;
}

function envelope(tx: TestTransaction): Uint8Array {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(
    tx.config ? common.HeaderType.CONFIG : common.HeaderType.ENDORSER_TRANSACTION,
  );
  channelHeader.setTxId(tx.txId);
  channelHeader.setChannelId('alliance');
  const timestamp = new Timestamp();
  timestamp.setSeconds(Math.floor(tx.at.getTime() / 1000));
  timestamp.setNanos((tx.at.getTime() % 1000) * 1e6);
  channelHeader.setTimestamp(timestamp);

  const creator = new msp.SerializedIdentity();
  creator.setMspid(tx.mspId);
  creator.setIdBytes(Buffer.from('-----BEGIN CERTIFICATE-----'));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator.serializeBinary());

  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const chaincodeAction = new peer.ChaincodeAction();
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName('points');
  chaincodeAction.setChaincodeId(chaincodeId);
  if (tx.eventName !== undefined) {
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId('points');
    event.setTxId(tx.txId);
    event.setEventName(tx.eventName);
    event.setPayload(Buffer.from(JSON.stringify(tx.payload ?? {})));
    chaincodeAction.setEvents(event.serializeBinary());
  }
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(chaincodeAction.serializeBinary());
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsedAction);
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);

  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const env = new common.Envelope();
  env.setPayload(payload.serializeBinary());
  return env.serializeBinary();
}

export function testBlock(number: number, transactions: readonly TestTransaction[]): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(number);
  const data = new common.BlockData();
  data.setDataList(transactions.map(envelope));
  const metadata = new common.BlockMetadata();
  const entries: Uint8Array[] = [
    new Uint8Array(),
    new Uint8Array(),
    new Uint8Array(),
    new Uint8Array(),
    new Uint8Array(),
  ];
  entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.from(
    transactions.map((tx) => tx.validationCode ?? peer.TxValidationCode.VALID),
  );
  metadata.setMetadataList(entries);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  // What a peer sends is bytes; parse them back so the test sees exactly what it would.
  return common.Block.deserializeBinary(block.serializeBinary());
}
