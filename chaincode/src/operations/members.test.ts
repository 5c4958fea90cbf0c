import { generateKeyPairSync } from 'node:crypto';
import { implicitCollection } from '../ledger/collections';
import { encodeMemberPublicKey } from '../member-request';
import { MALL1, PARKING1, PARKING2, TestAlliance, TestMember } from '../test-support/alliance';

const personal = {
  name: 'Ada',
  phone: '+33 6 12 34 56 78',
  plates: ['AB-123-CD'],
  salt: 'a-long-random-salt',
};

async function storePersonal(alliance: TestAlliance, org: string, memberId: string) {
  return alliance.submit<{ personalDataHash: string }>(
    org,
    'members',
    'storePersonalData',
    { memberId },
    { transient: { personal } },
  );
}

function newKey(): string {
  return encodeMemberPublicKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
}

describe('members', () => {
  it('keeps personal data in the home org collection only, and ties it to the account by hash', async () => {
    const alliance = await TestAlliance.create();
    const publicBefore = alliance.net.stateKeys();
    const { personalDataHash } = await storePersonal(alliance, PARKING1, 'ada');
    expect(alliance.net.stateKeys()).toEqual(publicBefore);
    expect(alliance.net.privateKeys(implicitCollection(PARKING1))).toEqual(['member:ada']);
    expect(alliance.net.privateKeys(implicitCollection(MALL1))).toEqual([]);

    const member = await alliance.submit(PARKING1, 'members', 'registerMember', {
      memberId: 'ada',
      publicKey: newKey(),
      personalDataHash,
    });
    expect(member).toMatchObject({
      id: 'ada',
      homeOrg: PARKING1,
      status: 'active',
      personalDataHash,
    });
    for (const key of alliance.net.stateKeys()) {
      expect(alliance.net.rawState(key)?.toString()).not.toContain('Ada');
    }
    for (const event of alliance.net.events)
      expect(Buffer.from(event.payload).toString()).not.toContain('Ada');
  });

  it('refuses a registration whose hash does not match the stored personal data', async () => {
    const alliance = await TestAlliance.create();
    await storePersonal(alliance, PARKING1, 'ada');
    const register = (memberId: string, hash: string) =>
      alliance.submit(PARKING1, 'members', 'registerMember', {
        memberId,
        publicKey: newKey(),
        personalDataHash: hash,
      });
    await expect(register('ada', 'f'.repeat(64))).rejects.toThrow(/HASH_MISMATCH/);
    await expect(register('bob', 'f'.repeat(64))).rejects.toThrow(
      /PRIVATE_RECORD_MISSING.*store it first/,
    );
  });

  it('refuses duplicate members and keys that are not P-256', async () => {
    const alliance = await TestAlliance.create();
    await alliance.registerMember(PARKING1, 'ada');
    const original = alliance.net.rawPrivateState(implicitCollection(PARKING1), 'member:ada');
    // Neither half may run again: the private record stays the one the account's hash pins.
    await expect(storePersonal(alliance, PARKING1, 'ada')).rejects.toThrow(/ALREADY_EXISTS/);
    expect(alliance.net.rawPrivateState(implicitCollection(PARKING1), 'member:ada')).toEqual(
      original,
    );
    await expect(
      alliance.submit(PARKING1, 'members', 'registerMember', {
        memberId: 'ada',
        publicKey: newKey(),
        personalDataHash: 'f'.repeat(64),
      }),
    ).rejects.toThrow(/ALREADY_EXISTS/);
    const rsa = encodeMemberPublicKey(
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey,
    );
    const stored = await storePersonal(alliance, PARKING1, 'bob');
    await expect(
      alliance.submit(PARKING1, 'members', 'registerMember', {
        memberId: 'bob',
        publicKey: rsa,
        personalDataHash: stored.personalDataHash,
      }),
    ).rejects.toThrow(/VALIDATION.*P-256/);
  });

  it('lets only the home org read personal data', async () => {
    const alliance = await TestAlliance.create();
    await alliance.registerMember(PARKING1, 'ada');
    const read = (org: string) =>
      alliance.evaluate(org, 'members', 'readPersonalData', { memberId: 'ada' });
    expect(await read(PARKING1)).toMatchObject({ plates: ['AB-123-CD'] });
    await expect(read(MALL1)).rejects.toThrow(/NOT_AUTHORIZED/);
  });

  it('freezes and unfreezes by the home org only; a frozen member neither earns nor spends', async () => {
    const alliance = await TestAlliance.create();
    const ada = await alliance.registerMember(PARKING1, 'ada');
    const bob = await alliance.registerMember(PARKING2, 'bob');
    await alliance.earn(PARKING1, ada.id, 100);
    await expect(
      alliance.submit(MALL1, 'members', 'setMemberStatus', { memberId: 'ada', status: 'frozen' }),
    ).rejects.toThrow(/NOT_AUTHORIZED/);
    await alliance.submit(PARKING1, 'members', 'setMemberStatus', {
      memberId: 'ada',
      status: 'frozen',
    });
    await expect(alliance.earn(PARKING1, ada.id, 5)).rejects.toThrow(/MEMBER_FROZEN/);
    const transfer = ada.sign(
      'transfer',
      { symbol: 'PARK1', to: bob.id, points: 10 },
      alliance.now,
    );
    await expect(alliance.submit(PARKING1, 'points', 'transfer', transfer)).rejects.toThrow(
      /MEMBER_FROZEN/,
    );
    await alliance.submit(PARKING1, 'members', 'setMemberStatus', {
      memberId: 'ada',
      status: 'active',
    });
    await alliance.submit(PARKING1, 'points', 'transfer', transfer);
    expect((await alliance.balance(bob.id, 'PARK1')).available).toBe(10);
  });

  it('rotates a key by the member signature: the old key stops working', async () => {
    const alliance = await TestAlliance.create();
    const ada = await alliance.registerMember(PARKING1, 'ada');
    const bob = await alliance.registerMember(PARKING1, 'bob');
    await alliance.earn(PARKING1, ada.id, 100);
    const next = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rotate = ada.sign(
      'rotate-key',
      { newPublicKey: encodeMemberPublicKey(next.publicKey) },
      alliance.now,
    );
    const rotated = await alliance.submit(PARKING1, 'members', 'rotateKey', rotate);
    expect(rotated).toMatchObject({ keyVersion: 2 });
    const withOldKey = ada.sign(
      'transfer',
      { symbol: 'PARK1', to: bob.id, points: 1 },
      alliance.now,
    );
    await expect(alliance.submit(PARKING1, 'points', 'transfer', withOldKey)).rejects.toThrow(
      /BAD_SIGNATURE/,
    );
    const renewed = new TestMember(
      ada.id,
      PARKING1,
      next.privateKey,
      encodeMemberPublicKey(next.publicKey),
    );
    await alliance.submit(
      PARKING1,
      'points',
      'transfer',
      renewed.sign('transfer', { symbol: 'PARK1', to: bob.id, points: 1 }, alliance.now, {
        nonce: 'fresh-1',
      }),
    );
    expect((await alliance.balance(bob.id, 'PARK1')).available).toBe(1);
  });
});
