import { networkPathsUnder, nodeDataDir } from './paths';

describe('networkPathsUnder', () => {
  it('lays the network out under one root', () => {
    expect(networkPathsUnder('/srv/pa')).toEqual({
      cryptoDir: '/srv/pa/crypto',
      dataDir: '/srv/pa/data',
      fabricConfigDir: '/srv/pa/config',
      ccaasBuilderDir: '/srv/pa/builders/ccaas',
    });
  });

  it('makes every path absolute, overrides included', () => {
    const paths = networkPathsUnder('generated', { ccaasBuilderDir: 'tools/ccaas' });
    for (const path of Object.values(paths)) expect(path.startsWith('/')).toBe(true);
    expect(paths.ccaasBuilderDir).toBe(`${process.cwd()}/tools/ccaas`);
  });

  it('gives each node a data directory named after it', () => {
    expect(nodeDataDir(networkPathsUnder('/srv/pa'), 'peer0.mall1.pa.local')).toBe(
      '/srv/pa/data/peer0.mall1.pa.local',
    );
  });
});
