import { MALL1, MALL2, PARKING1, PARKING2, TestAlliance } from '../test-support/alliance';

const MALL3 = 'Mall3MSP';

async function setup() {
  const alliance = await TestAlliance.create({ spareOrgs: [MALL3] });
  const propose = (by: string, proposalId: string, change: string, org: string) =>
    alliance.submit(by, 'alliance', 'proposeMembershipChange', { proposalId, change, org });
  const approve = (by: string, proposalId: string) =>
    alliance.submit(by, 'alliance', 'approveMembershipChange', { proposalId });
  const members = () =>
    alliance.evaluate<{ orgs: string[]; suspended: string[] }>(MALL1, 'alliance', 'getAlliance');
  return { alliance, propose, approve, members };
}

describe('admitting a merchant', () => {
  it('takes a majority of the active merchants, then the newcomer acts and votes', async () => {
    const { alliance, propose, approve, members } = await setup();
    const early = await alliance.refusal(() =>
      alliance.submit(MALL3, 'tokens', 'registerToken', { symbol: 'MALL3', name: 'M3', cap: 100 }),
    );
    expect(early).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
    const outsider = await alliance.refusal(() => propose(MALL3, 'join-m3', 'admit', MALL3));
    expect(outsider).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });

    expect(await propose(PARKING1, 'join-m3', 'admit', MALL3)).toMatchObject({
      status: 'open',
      approvals: [PARKING1],
    });
    const twice = await alliance.refusal(() => approve(PARKING1, 'join-m3'));
    expect(twice).toMatchObject({ code: 'ALREADY_EXISTS', changed: [] });
    await approve(MALL1, 'join-m3');
    expect((await members()).orgs).not.toContain(MALL3);
    // Three of four is the majority.
    expect(await approve(MALL2, 'join-m3')).toMatchObject({ status: 'applied' });
    expect((await members()).orgs).toEqual([MALL1, MALL2, MALL3, PARKING1, PARKING2]);
    expect(alliance.net.events.at(-1)).toMatchObject({ name: 'MembershipChanged' });
    const late = await alliance.refusal(() => approve(PARKING2, 'join-m3'));
    expect(late.code).toBe('INVALID_STATE');

    await alliance.submit(MALL3, 'tokens', 'registerToken', {
      symbol: 'MALL3',
      name: 'M3',
      cap: 100,
    });
    // Five merchants now: a majority is three, and the newcomer's vote counts.
    await propose(MALL3, 'cap-vote', 'suspend', PARKING2);
    await approve(MALL1, 'cap-vote');
    expect((await members()).suspended).toEqual([]);
    await approve(MALL2, 'cap-vote');
    expect((await members()).suspended).toEqual([PARKING2]);
  });

  it('refuses changes that do not fit the alliance as it is', async () => {
    const { alliance, propose } = await setup();
    for (const [change, org] of [
      ['admit', PARKING1],
      ['suspend', MALL3],
      ['reinstate', MALL1],
    ]) {
      const refused = await alliance.refusal(() => propose(PARKING1, 'p', change ?? '', org ?? ''));
      expect(refused).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    }
    const bad = await alliance.refusal(() => propose(PARKING1, 'p', 'expel', MALL1));
    expect(bad.code).toBe('VALIDATION');
  });
});

describe('suspending a merchant', () => {
  async function suspendedParking2() {
    const world = await setup();
    const { alliance, propose, approve } = world;
    const ada = await alliance.registerMember(PARKING2, 'ada');
    await alliance.earn(PARKING2, ada.id, 100);
    await alliance.earn(MALL1, ada.id, 50);
    await alliance.makeAgreement(MALL1, PARKING2, 'm1-p2');
    await propose(PARKING1, 'out-p2', 'suspend', PARKING2);
    await approve(MALL1, 'out-p2');
    await approve(MALL2, 'out-p2');
    return { ...world, ada };
  }

  it('freezes its token and its staff, and leaves its members’ other points alone', async () => {
    const { alliance, ada } = await suspendedParking2();
    const earn = await alliance.refusal(() => alliance.earn(PARKING2, ada.id, 5));
    expect(earn).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
    const vote = await alliance.refusal(() =>
      alliance.submit(PARKING2, 'alliance', 'proposeMembershipChange', {
        proposalId: 'back',
        change: 'reinstate',
        org: PARKING2,
      }),
    );
    expect(vote.code).toBe('NOT_AUTHORIZED');
    // Its points stay on the ledger for audit, counted in its supply.
    expect(await alliance.balance(ada.id, 'PARK2')).toMatchObject({ total: 100 });
    expect(await alliance.supply('PARK2')).toMatchObject({ issued: 100, outstanding: 100 });
    // A member of the suspended merchant still redeems another merchant's points there.
    await alliance.submit(
      MALL1,
      'points',
      'redeem',
      ada.sign('redeem', { symbol: 'MALL1', points: 20 }, alliance.now),
    );
    expect(await alliance.balance(ada.id, 'MALL1')).toMatchObject({ available: 30 });
  });

  it('stops exchanges into or out of its token, and a majority can reinstate it', async () => {
    const { alliance, ada, propose, approve } = await suspendedParking2();
    const exchange = await alliance.refusal(() => alliance.exchange(ada, 'm1-p2', 20));
    expect(exchange).toMatchObject({ code: 'AGREEMENT_INACTIVE', changed: [] });
    // Three active merchants of four admitted: a majority of the active ones is two.
    expect(await propose(MALL2, 'back-p2', 'reinstate', PARKING2)).toMatchObject({
      status: 'open',
    });
    expect(await approve(PARKING1, 'back-p2')).toMatchObject({ status: 'applied' });
    await alliance.earn(PARKING2, ada.id, 5);
    expect(await alliance.balance(ada.id, 'PARK2')).toMatchObject({ total: 105 });
  });
});
