import { contracts } from '../index';

/** The transactions each contract exposes: nothing else may be callable from outside. */
const EXPECTED: Record<string, string[]> = {
  alliance: [
    'approveMembershipChange',
    'getAlliance',
    'getHistory',
    'getMembershipProposal',
    'initAlliance',
    'proposeMembershipChange',
  ],
  tokens: [
    'approveCapRaise',
    'consolidateSupply',
    'getCapProposal',
    'getSupply',
    'getToken',
    'listTokens',
    'lowerCap',
    'proposeCapRaise',
    'rebalanceTreasury',
    'registerToken',
  ],
  members: [
    'getMember',
    'readPersonalData',
    'registerMember',
    'rotateKey',
    'setMemberStatus',
    'storePersonalData',
  ],
  points: [
    'earn',
    'expirePoints',
    'exportLegacy',
    'getBalance',
    'getBalances',
    'getEarn',
    'importLegacy',
    'redeem',
    'reverseEarn',
    'storeReceipts',
    'transfer',
    'verifyReceipt',
  ],
  agreements: [
    'accept',
    'exchange',
    'get',
    'list',
    'propose',
    'quote',
    'rateCards',
    'readTerms',
    'revoke',
    'storeTerms',
  ],
  settlements: [
    'confirm',
    'dispute',
    'get',
    'listObligations',
    'listSettlements',
    'netPositions',
    'post',
    'readDetails',
    'storeDetails',
  ],
  coupons: [
    'bid',
    'buyCoupon',
    'cancelOffer',
    'closeAuction',
    'createOffer',
    'defineClass',
    'getAuction',
    'getClass',
    'getCoupon',
    'getMemberCoupons',
    'getOffer',
    'giftCoupon',
    'issueCoupon',
    'listAuctions',
    'listClasses',
    'listOffers',
    'openAuction',
    'openMerchantAuction',
    'redeemCoupon',
    'takeOffer',
  ],
};

/** What fabric-shim would expose: every own method of the contract's prototype but the constructor. */
function callable(contract: object): string[] {
  return Object.getOwnPropertyNames(Object.getPrototypeOf(contract))
    .filter((name) => name !== 'constructor' && !name.startsWith('_'))
    .sort();
}

describe('contract surface', () => {
  it('exposes exactly the intended transactions, no helpers', () => {
    const exposed = Object.fromEntries(
      contracts.map((Contract) => {
        const instance = new Contract();
        return [instance.getName(), callable(instance)];
      }),
    );
    expect(exposed).toEqual(EXPECTED);
  });
});
