import { join } from 'node:path';
import { main } from './cli';

const HOSTS_FILE = join(__dirname, '..', 'consortium.hosts.yaml');

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((text: string) => out.push(text));
  const error = jest.spyOn(console, 'error').mockImplementation((text: string) => err.push(text));
  try {
    return { code: main(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('network CLI', () => {
  it('lists the simulated hosts of a consortium file', () => {
    const { code, out } = run('hosts', 'status', '--consortium', HOSTS_FILE, '--prefix', 'zz');
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^NAMESPACE\s+ADDRESS\s+RESIDENTS\s+EXISTS\s+LINKED$/);
    expect(out).toMatch(/zz-mall2\s+198\.18\.0\.32\s+mall2\s+no\s+no/);
  });

  it('explains bad usage with exit code 2, and a bad layout with 1', () => {
    expect(run('hosts', 'bogus')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown hosts command "bogus"'),
    });
    expect(run('hosts', 'cut', '--consortium', HOSTS_FILE)).toMatchObject({
      code: 2,
      err: expect.stringContaining('needs an org'),
    });
    expect(run('hosts', 'status')).toMatchObject({
      code: 1,
      err: expect.stringContaining('loopback'),
    });
    expect(run('hosts', 'cut', 'mall9', '--consortium', HOSTS_FILE)).toMatchObject({
      code: 2,
      err: expect.stringContaining('no host runs "mall9"'),
    });
  });

  it('says plainly that the Fabric commands wait on the Fabric binaries', () => {
    expect(run('up')).toMatchObject({ code: 3, err: expect.stringContaining('Fabric binaries') });
  });
});
