import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { networkPathsUnder } from '../layout/paths';
import { externalBuilders, patchCoreYaml } from './core-yaml';

const coreLike = readFileSync(join(__dirname, 'fixtures', 'core-like.yaml'), 'utf8');
const paths = networkPathsUnder('/srv/pa', { ccaasBuilderDir: '/opt/fabric/builders/ccaas' });

interface CoreLike {
  peer: { id: string };
  vm: { endpoint: string; docker: unknown };
  chaincode: { builder: string; installTimeout: string; externalBuilders: unknown };
  ledger: unknown;
}

describe('patchCoreYaml', () => {
  const patchedText = patchCoreYaml(coreLike, paths);
  const patched = parse(patchedText) as CoreLike;

  it('clears the Docker endpoint', () => {
    expect(patched.vm.endpoint).toBe('');
    expect(patchedText).not.toContain('docker.sock');
  });

  it('replaces the external builders with the ccaas builder', () => {
    expect(patched.chaincode.externalBuilders).toEqual([
      {
        name: 'ccaas',
        path: '/opt/fabric/builders/ccaas',
        propagateEnvironment: ['CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG'],
      },
    ]);
  });

  it('keeps every other setting and the comments', () => {
    const original = parse(coreLike) as CoreLike;
    expect(patched.peer).toEqual(original.peer);
    expect(patched.ledger).toEqual(original.ledger);
    expect(patched.vm.docker).toEqual(original.vm.docker);
    expect(patched.chaincode.installTimeout).toBe('300s');
    expect(patchedText).toContain('# Keep the install timeout generous.');
  });

  it('refuses a file that is not a core.yaml', () => {
    expect(() => patchCoreYaml('General:\n  ListenPort: 7050\n', paths)).toThrow(
      /no "peer" section/,
    );
    expect(() => patchCoreYaml('peer: [unclosed\n', paths)).toThrow(/not valid YAML/);
  });
});

describe('externalBuilders', () => {
  it('needs an absolute builder path, as the peer does', () => {
    const relative = { ...paths, ccaasBuilderDir: 'builders/ccaas' };
    expect(() => externalBuilders(relative)).toThrow(/must be absolute/);
  });
});
