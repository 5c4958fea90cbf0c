import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import { ConsortiumError } from './errors';
import { loadConsortium, parseConsortium } from './load';

const defaultYaml = readFileSync(DEFAULT_CONSORTIUM_FILE, 'utf8');

/** The default consortium with one mistake made through the YAML document API. */
function variant(change: (document: Document) => void): string {
  const document = parseDocument(defaultYaml);
  change(document);
  return document.toString();
}

function problemsOf(yamlText: string): ConsortiumError {
  try {
    parseConsortium(yamlText, 'consortium.yaml');
  } catch (error) {
    if (error instanceof ConsortiumError) return error;
    throw error;
  }
  throw new Error('expected the consortium to be rejected');
}

/** Asserts one reported problem, at a file position, on the given path, with the given words. */
function expectProblem(yamlText: string, where: string, words: RegExp): void {
  const error = problemsOf(yamlText);
  const escaped = where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(error.message).toMatch(
    new RegExp(`consortium\\.yaml:\\d+:\\d+ ${escaped}: .*${words.source}`),
  );
}

describe('the default consortium', () => {
  const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);

  it('loads cleanly with the alliance channel and the points chaincode', () => {
    expect(consortium.channel).toEqual({ name: 'alliance', consensus: 'etcdraft' });
    expect(consortium.chaincode.name).toBe('points');
  });

  it('has three Raft orderers in OrdererOrg', () => {
    expect(consortium.ordererOrg).toMatchObject({ name: 'OrdererOrg', mspId: 'OrdererMSP' });
    expect(consortium.ordererOrg.orderers.map((orderer) => orderer.host)).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.1',
    ]);
  });

  it('has two parking lots and two malls with one peer each on 127.0.0.1', () => {
    expect(consortium.merchantOrgs.map(({ name, kind, mspId }) => [name, kind, mspId])).toEqual([
      ['parking1', 'parking', 'Parking1MSP'],
      ['parking2', 'parking', 'Parking2MSP'],
      ['mall1', 'mall', 'Mall1MSP'],
      ['mall2', 'mall', 'Mall2MSP'],
    ]);
    for (const org of consortium.merchantOrgs) {
      expect(org.host).toBe('127.0.0.1');
      expect(org.peers).toHaveLength(1);
    }
  });

  it('keeps every port within 7000-9999', () => {
    const ports = [
      ...consortium.ordererOrg.orderers.flatMap((o) => [o.port, o.adminPort, o.operationsPort]),
      ...consortium.merchantOrgs.flatMap((org) =>
        org.peers.flatMap((p) => [
          p.port,
          p.chaincodePort,
          p.operationsPort,
          p.chaincodeServicePort,
          p.gatewayPort,
        ]),
      ),
    ];
    expect(ports).toHaveLength(9 + 20);
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(7000);
      expect(port).toBeLessThanOrEqual(9999);
    }
  });
});

describe('a consortium file with mistakes', () => {
  it('reports YAML syntax errors with their line', () => {
    const error = problemsOf('channel:\n  name: [alliance\nchaincode: {}\n');
    expect(error.message).toMatch(/consortium\.yaml:\d+:\d+ invalid YAML/);
  });

  it('reports an empty file', () => {
    expect(problemsOf('').message).toMatch(/expected object, got null/);
  });

  it('reports a missing field', () => {
    const yamlText = variant((document) => document.deleteIn(['merchantOrgs', 0, 'mspId']));
    expectProblem(yamlText, 'merchantOrgs[0](parking1).mspId', /is required/);
  });

  it('reports a missing section', () => {
    const yamlText = variant((document) => document.delete('chaincode'));
    expectProblem(yamlText, 'chaincode', /is required/);
  });

  it('reports a wrong type', () => {
    const yamlText = variant((document) =>
      document.setIn(['merchantOrgs', 1, 'peers', 0, 'gatewayPort'], 'eighty'),
    );
    expectProblem(
      yamlText,
      'merchantOrgs[1](parking2).peers[0](peer0).gatewayPort',
      /whole TCP port number, got "eighty"/,
    );
  });

  it('reports a port outside 1024-65535', () => {
    const yamlText = variant((document) =>
      document.setIn(['ordererOrg', 'orderers', 2, 'adminPort'], 443),
    );
    expectProblem(yamlText, 'ordererOrg.orderers[2](orderer2).adminPort', /from 1024 to 65535/);
  });

  it('reports an unknown field, such as a misspelt one', () => {
    const yamlText = variant((document) => {
      document.deleteIn(['ordererOrg', 'orderers', 0, 'adminPort']);
      document.setIn(['ordererOrg', 'orderers', 0, 'adminport'], 7053);
    });
    expectProblem(yamlText, 'ordererOrg.orderers[0](orderer0)', /unknown field "adminport"/);
    expectProblem(yamlText, 'ordererOrg.orderers[0](orderer0).adminPort', /is required/);
  });

  it('reports an unknown org kind', () => {
    const yamlText = variant((document) => document.setIn(['merchantOrgs', 2, 'kind'], 'hotel'));
    expectProblem(
      yamlText,
      'merchantOrgs[2](mall1).kind',
      /unknown org kind "hotel": expected parking or mall/,
    );
  });

  it('reports duplicate org names', () => {
    const yamlText = variant((document) => document.setIn(['merchantOrgs', 3, 'name'], 'mall1'));
    expectProblem(
      yamlText,
      'merchantOrgs[3](mall1).name',
      /duplicate org name "mall1"; first defined at merchantOrgs\[2\]\(mall1\)\.name \(line \d+\)/,
    );
  });

  it('reports duplicate MSP IDs, orderer org included', () => {
    const yamlText = variant((document) =>
      document.setIn(['merchantOrgs', 0, 'mspId'], 'OrdererMSP'),
    );
    expectProblem(
      yamlText,
      'merchantOrgs[0](parking1).mspId',
      /duplicate MSP ID "OrdererMSP"; first defined at ordererOrg\.mspId/,
    );
  });

  it('reports duplicate domains', () => {
    const yamlText = variant((document) =>
      document.setIn(['merchantOrgs', 1, 'domain'], 'PARKING1.pa.local'),
    );
    expectProblem(
      yamlText,
      'merchantOrgs[1](parking2).domain',
      /domain "PARKING1.pa.local" is used twice; first defined at merchantOrgs\[0\]\(parking1\)/,
    );
  });

  it('reports a domain that collides with an org’s chaincode service CA', () => {
    const yamlText = variant((document) =>
      document.setIn(['merchantOrgs', 1, 'domain'], 'chaincode.parking1.pa.local'),
    );
    expectProblem(yamlText, 'merchantOrgs[1](parking2).domain', /chaincode service/);
  });

  it('reports duplicate node names within an org', () => {
    const yamlText = variant((document) =>
      document.setIn(['ordererOrg', 'orderers', 1, 'name'], 'orderer0'),
    );
    expectProblem(
      yamlText,
      'ordererOrg.orderers[1](orderer0).name',
      /duplicate node name "orderer0" in org OrdererOrg/,
    );
  });

  it('accepts the same node name in different orgs', () => {
    expect(() => parseConsortium(defaultYaml)).not.toThrow();
  });

  it('reports a port used twice on one host, between an orderer and a peer', () => {
    const yamlText = variant((document) =>
      document.setIn(['merchantOrgs', 3, 'peers', 0, 'operationsPort'], 7153),
    );
    expectProblem(
      yamlText,
      'merchantOrgs[3](mall2).peers[0](peer0).operationsPort',
      /port 7153 on 127\.0\.0\.1 is already in use; first defined at ordererOrg\.orderers\[1\]\(orderer1\)\.adminPort/,
    );
  });

  it('reports a port used twice by one node', () => {
    const yamlText = variant((document) =>
      document.setIn(['merchantOrgs', 0, 'peers', 0, 'gatewayPort'], 8151),
    );
    expectProblem(yamlText, 'merchantOrgs[0](parking1).peers[0](peer0).gatewayPort', /8151/);
  });

  it('treats localhost and 127.0.0.1 as one host', () => {
    const yamlText = variant((document) => {
      document.setIn(['merchantOrgs', 0, 'host'], 'localhost');
      document.setIn(['merchantOrgs', 0, 'peers', 0, 'port'], 8251);
    });
    expectProblem(yamlText, 'merchantOrgs[1](parking2).peers[0](peer0).port', /already in use/);
  });

  it('allows the same port on different hosts', () => {
    const yamlText = variant((document) => {
      document.setIn(['merchantOrgs', 0, 'host'], 'parking1.example.net');
      document.setIn(['merchantOrgs', 0, 'peers', 0, 'port'], 8251);
    });
    expect(parseConsortium(yamlText).merchantOrgs[0]?.host).toBe('parking1.example.net');
  });

  it.each(['999.1.1.1', 'bad_host', '-leading.dash', 'a..b'])(
    'reports the invalid host %s',
    (host) => {
      const yamlText = variant((document) => document.setIn(['merchantOrgs', 0, 'host'], host));
      expectProblem(
        yamlText,
        'merchantOrgs[0](parking1).host',
        /is not a valid IP address or DNS host name/,
      );
    },
  );

  it.each(['10.0.0.7', '::1', 'peer.mall1.example.com', 'localhost'])(
    'accepts the host %s',
    (host) => {
      const yamlText = variant((document) =>
        document.setIn(['ordererOrg', 'orderers', 0, 'host'], host),
      );
      expect(parseConsortium(yamlText).ordererOrg.orderers[0]?.host).toBe(host);
    },
  );

  it('reports an org with no peer', () => {
    const yamlText = variant((document) => document.setIn(['merchantOrgs', 2, 'peers'], []));
    expectProblem(yamlText, 'merchantOrgs[2](mall1).peers', /an org needs at least one peer/);
  });

  it('reports an orderer org with no orderer', () => {
    const yamlText = variant((document) => document.setIn(['ordererOrg', 'orderers'], []));
    expectProblem(yamlText, 'ordererOrg.orderers', /needs at least one orderer/);
  });

  it('reports an even number of Raft orderers', () => {
    const yamlText = variant((document) => document.deleteIn(['ordererOrg', 'orderers', 2]));
    expectProblem(
      yamlText,
      'ordererOrg.orderers',
      /etcdraft needs an odd number of orderers, got 2/,
    );
  });

  it('accepts a single orderer', () => {
    const yamlText = variant((document) => {
      document.deleteIn(['ordererOrg', 'orderers', 2]);
      document.deleteIn(['ordererOrg', 'orderers', 1]);
    });
    expect(parseConsortium(yamlText).ordererOrg.orderers).toHaveLength(1);
  });

  it('reports a consensus type that is not implemented', () => {
    const yamlText = variant((document) => document.setIn(['channel', 'consensus'], 'BFT'));
    expectProblem(yamlText, 'channel.consensus', /"BFT" is not supported: only etcdraft/);
  });

  it.each([
    ['uppercase', 'Alliance', /lowercase/],
    ['a leading digit', '1alliance', /starting with a letter/],
    ['an underscore', 'alliance_points', /lowercase letters, digits, "\." and "-"/],
    ['250 characters', 'a'.repeat(250), /shorter than 250 characters/],
  ])('reports a channel name with %s', (_case, name, words) => {
    const yamlText = variant((document) => document.setIn(['channel', 'name'], name));
    expectProblem(yamlText, 'channel.name', words);
  });

  it('accepts a channel name of 249 characters', () => {
    const name = `a${'-b.'.repeat(82)}`;
    expect(name).toHaveLength(247);
    const yamlText = variant((document) => document.setIn(['channel', 'name'], `${name}zz`));
    expect(parseConsortium(yamlText).channel.name).toHaveLength(249);
  });

  it('reports an invalid chaincode name', () => {
    const yamlText = variant((document) => document.setIn(['chaincode', 'name'], 'points__v2'));
    expectProblem(yamlText, 'chaincode.name', /chaincode names/);
  });

  it('reports an MSP ID that would make pair collection names ambiguous', () => {
    const yamlText = variant((document) =>
      document.setIn(['merchantOrgs', 0, 'mspId'], 'Parking_1'),
    );
    expectProblem(yamlText, 'merchantOrgs[0](parking1).mspId', /letters and digits only/);
  });

  it('lists every problem, in file order, in one ConsortiumError', () => {
    const yamlText = variant((document) => {
      document.setIn(['channel', 'name'], 'Alliance');
      document.setIn(['merchantOrgs', 0, 'kind'], 'hotel');
      document.setIn(['merchantOrgs', 3, 'mspId'], 'Mall1MSP');
      document.setIn(['merchantOrgs', 3, 'peers', 0, 'port'], 8351);
    });
    const error = problemsOf(yamlText);
    expect(error.name).toBe('ConsortiumError');
    expect(error.source).toBe('consortium.yaml');
    expect(error.message).toMatch(/^consortium\.yaml: 4 problems\n/);
    expect(error.issues.map((issue) => issue.where)).toEqual([
      'channel.name',
      'merchantOrgs[0](parking1).kind',
      'merchantOrgs[3](mall2).mspId',
      'merchantOrgs[3](mall2).peers[0](peer0).port',
    ]);
    const lines = error.issues.map((issue) => issue.position?.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('names the file it was loaded from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consortium-'));
    const file = join(dir, 'alliance.yaml');
    try {
      writeFileSync(
        file,
        variant((document) => document.setIn(['chaincode', 'name'], '')),
      );
      expect(() => loadConsortium(file)).toThrow(
        new RegExp(`^${file}: 1 problem\\n  ${file}:\\d+:\\d+ chaincode\\.name: `),
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
