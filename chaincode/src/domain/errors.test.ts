import { LedgerError, parseLedgerError } from './errors';

describe('ledger errors on the wire', () => {
  it('round-trips the code through the text Fabric hands back', () => {
    const error = new LedgerError('INSUFFICIENT_BALANCE', '60 points needed, 50 available');
    const wrapped = `endorsement failure: chaincode response 500, ${error.message}\nstack...`;
    expect(parseLedgerError(wrapped)).toEqual({
      code: 'INSUFFICIENT_BALANCE',
      message: '60 points needed, 50 available',
    });
  });

  it('ignores text without a known code', () => {
    expect(parseLedgerError('[NOT_A_CODE] nope')).toBeUndefined();
    expect(parseLedgerError('connection refused')).toBeUndefined();
  });
});
