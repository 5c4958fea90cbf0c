import { loadConsortium } from './load';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import { anchorPeerOf, chaincodeServiceDomain, hostPort, nodeHostName } from './model';
import { ORDERER_PORT_FIELDS, PEER_PORT_FIELDS } from './schema';

describe('consortium model helpers', () => {
  it('writes addresses as host:port, bracketing IPv6', () => {
    expect(hostPort('127.0.0.1', 8151)).toBe('127.0.0.1:8151');
    expect(hostPort('peer0.mall1.example.com', 8151)).toBe('peer0.mall1.example.com:8151');
    expect(hostPort('::1', 8151)).toBe('[::1]:8151');
  });

  it('names nodes and chaincode CAs under the org domain', () => {
    expect(nodeHostName('peer0', 'mall1.pa.local')).toBe('peer0.mall1.pa.local');
    expect(chaincodeServiceDomain('mall1.pa.local')).toBe('chaincode.mall1.pa.local');
  });

  it('takes an org’s first peer as its anchor peer', () => {
    const [parking1] = loadConsortium(DEFAULT_CONSORTIUM_FILE).merchantOrgs;
    if (!parking1) throw new Error('the default consortium has merchant orgs');
    expect(anchorPeerOf(parking1).name).toBe('peer0');
  });

  // The clash check reads these lists; a port field missing from them would go unchecked.
  it('lists every port field of orderers and peers for the clash check', () => {
    const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);
    const portFields = (node: object) =>
      Object.keys(node)
        .filter((key) => /port$/i.test(key))
        .sort();
    const [orderer] = consortium.ordererOrg.orderers;
    const [peer] = consortium.merchantOrgs[0]?.peers ?? [];
    if (!orderer || !peer) throw new Error('the default consortium has an orderer and a peer');
    expect(portFields(orderer)).toEqual([...ORDERER_PORT_FIELDS].sort());
    expect(portFields(peer)).toEqual([...PEER_PORT_FIELDS].sort());
  });
});
