import { join } from 'node:path';
import { loadConsortium } from '../consortium/load';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import { hostOf, hostPlan, HostPlanError } from './plan';

const HOSTS_FILE = join(__dirname, '..', '..', 'consortium.hosts.yaml');

describe('host plan', () => {
  const consortium = loadConsortium(HOSTS_FILE);

  it('gives every orderer and merchant of the hosts file a namespace and cable of its own', () => {
    const plan = hostPlan(consortium);
    expect(plan).toMatchObject({ bridge: 'pa-br0', gateway: '198.18.0.1', prefixLength: 24 });
    expect(plan.hosts.map((h) => [h.namespace, h.address, h.cable])).toEqual([
      ['pa-orderer0', '198.18.0.10', 'pa-c-orderer0'],
      ['pa-orderer1', '198.18.0.11', 'pa-c-orderer1'],
      ['pa-orderer2', '198.18.0.12', 'pa-c-orderer2'],
      ['pa-parking1', '198.18.0.21', 'pa-c-parking1'],
      ['pa-parking2', '198.18.0.22', 'pa-c-parking2'],
      ['pa-mall1', '198.18.0.31', 'pa-c-mall1'],
      ['pa-mall2', '198.18.0.32', 'pa-c-mall2'],
    ]);
    expect(hostOf(plan, 'mall2').address).toBe('198.18.0.32');
    expect(() => hostOf(plan, 'mall9')).toThrow(/no host runs "mall9"/);
  });

  it('puts residents of one address on one host', () => {
    const shared = {
      ...consortium,
      ordererOrg: {
        ...consortium.ordererOrg,
        orderers: consortium.ordererOrg.orderers.map((o) => ({ ...o, host: '198.18.0.10' })),
      },
    };
    const plan = hostPlan(shared, { prefix: 't1' });
    expect(plan.hosts[0]).toMatchObject({
      namespace: 't1-orderer0',
      residents: ['orderer0', 'orderer1', 'orderer2'],
    });
    expect(plan.hosts).toHaveLength(5);
  });

  it('refuses loopback, reserved, non-IPv4 and split addresses, naming every problem', () => {
    const local = loadConsortium(DEFAULT_CONSORTIUM_FILE);
    expect(() => hostPlan(local)).toThrow(/127\.0\.0\.1 is a loopback address/);
    const [first, ...rest] = consortium.merchantOrgs;
    const odd = {
      ...consortium,
      merchantOrgs: [
        { ...first, host: '198.18.1.5' },
        { ...rest[0], host: 'mall.example.com' },
        { ...rest[1], host: '198.18.0.1' },
        ...rest.slice(2),
      ],
    } as typeof consortium;
    try {
      hostPlan(odd);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(HostPlanError);
      expect((error as HostPlanError).problems).toEqual([
        'parking2: mall.example.com is not an IPv4 address',
        'mall1: 198.18.0.1 is reserved (.0, .1 and .255 are not hosts)',
        'hosts must share one /24 network, found 198.18.0.0/24, 198.18.1.0/24',
      ]);
    }
    expect(() => hostPlan(consortium, { prefix: 'much-too-long' })).toThrow(/too long/);
  });
});
