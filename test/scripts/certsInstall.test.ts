/**
 * `npm run certs:install`: the project's local CA into the trust stores that matter on each
 * operating system, or the exact commands to run where this process cannot (no root, no
 * certutil). The plan is checked for every platform; the command runs here with --dry-run only
 * (this suite must not change the trust of the machine it runs on).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, sandbox } from './runScript';

interface TrustStep {
  store: string;
  commands: string[][];
  cleanup?: string[][];
  manual?: string;
}
interface MachineFacts {
  platform: NodeJS.Platform;
  caFile: string;
  home: string;
  isRoot: boolean;
  findTool(tool: string): string | undefined;
  sudoWithoutPrompt: boolean;
  firefoxProfiles: string[];
  chromiumDbExists: boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { planTrust, CA_NAME } = require('../../scripts/certs/trustPlan.js') as {
  planTrust(facts: MachineFacts): TrustStep[];
  CA_NAME: string;
};

const CA = '/work/app/.certs/ca.crt';
const facts = (change: Partial<MachineFacts>): MachineFacts => ({
  platform: 'linux',
  caFile: CA,
  home: '/home/dev',
  isRoot: false,
  findTool: (tool) =>
    (
      ({ 'update-ca-certificates': '/usr/sbin/update-ca-certificates', certutil: '/usr/bin/certutil' }) as Record<
        string,
        string
      >
    )[tool],
  sudoWithoutPrompt: false,
  firefoxProfiles: [],
  chromiumDbExists: true,
  ...change,
});

describe('the trust plan', () => {
  it('Windows: the current user’s trusted roots, replacing an earlier copy of the CA', () => {
    expect(planTrust(facts({ platform: 'win32' }))).toEqual([
      expect.objectContaining({
        cleanup: [['certutil', '-user', '-delstore', 'Root', CA_NAME]],
        commands: [['certutil', '-user', '-addstore', 'Root', CA]],
      }),
    ]);
  });

  it('macOS: the login keychain, trusted for SSL', () => {
    const [step] = planTrust(facts({ platform: 'darwin' }));
    expect(step?.commands).toEqual([
      [
        'security',
        'add-trusted-cert',
        '-d',
        '-r',
        'trustRoot',
        '-k',
        '/home/dev/Library/Keychains/login.keychain-db',
        CA,
      ],
    ]);
    expect(step?.manual).toBeUndefined();
  });

  it('Linux as root: the system store and Chromium’s NSS database', () => {
    const steps = planTrust(facts({ isRoot: true }));
    expect(steps.map((s) => s.store)).toEqual(['the system trust store', 'Chromium and Chrome (~/.pki/nssdb)']);
    expect(steps[0]?.commands).toEqual([
      ['install', '-m', '0644', CA, '/usr/local/share/ca-certificates/workbook-sessions-local-ca.crt'],
      ['/usr/sbin/update-ca-certificates'],
    ]);
    expect(steps[1]?.commands).toEqual([
      ['/usr/bin/certutil', '-d', 'sql:/home/dev/.pki/nssdb', '-A', '-t', 'C,,', '-n', CA_NAME, '-i', CA],
    ]);
    expect(steps[1]?.cleanup).toEqual([['/usr/bin/certutil', '-d', 'sql:/home/dev/.pki/nssdb', '-D', '-n', CA_NAME]]);
  });

  it('Linux without root: sudo when it never prompts, else the exact sudo commands to run', () => {
    expect(planTrust(facts({ sudoWithoutPrompt: true }))[0]?.commands[1]).toEqual([
      'sudo',
      '-n',
      '/usr/sbin/update-ca-certificates',
    ]);
    const [system] = planTrust(facts({}));
    expect(system?.commands).toEqual([]);
    expect(system?.manual).toBe(
      `it needs root: run  sudo install -m 0644 ${CA} /usr/local/share/ca-certificates/workbook-sessions-local-ca.crt && sudo /usr/sbin/update-ca-certificates`,
    );
  });

  it('Linux without certutil: says which package to install and the commands, creating the database when there is none', () => {
    const steps = planTrust(
      facts({
        isRoot: true,
        chromiumDbExists: false,
        findTool: (t) => (t === 'update-ca-trust' ? '/usr/bin/update-ca-trust' : undefined),
      }),
    );
    expect(steps[0]?.commands).toEqual([
      ['install', '-m', '0644', CA, '/etc/pki/ca-trust/source/anchors/workbook-sessions-local-ca.crt'],
      ['/usr/bin/update-ca-trust', 'extract'],
    ]);
    expect(steps[1]?.manual).toBe(
      `certutil is not installed: install libnss3-tools (Debian, Ubuntu) or nss-tools (Fedora), then run  mkdir -p /home/dev/.pki/nssdb && certutil -d sql:/home/dev/.pki/nssdb -N --empty-password && certutil -d sql:/home/dev/.pki/nssdb -A -t C,, -n '${CA_NAME}' -i ${CA}`,
    );
  });

  it('Linux: every Firefox profile too; an unknown distribution gets instructions', () => {
    const steps = planTrust(
      facts({
        isRoot: true,
        firefoxProfiles: ['/home/dev/.mozilla/firefox/abcd.default-release'],
        findTool: (t) => (t === 'certutil' ? '/usr/bin/certutil' : undefined),
      }),
    );
    expect(steps[0]?.manual).toMatch(/^neither update-ca-certificates nor update-ca-trust is installed/);
    expect(steps.at(-1)?.commands).toEqual([
      [
        '/usr/bin/certutil',
        '-d',
        'sql:/home/dev/.mozilla/firefox/abcd.default-release',
        '-A',
        '-t',
        'C,,',
        '-n',
        CA_NAME,
        '-i',
        CA,
      ],
    ]);
  });
});

describe('npm run certs:install -- --dry-run', () => {
  it('makes the constrained CA, shows its plan with what would be left to do by hand, and exits 0', () => {
    const { dir } = sandbox();
    const emptyPath = join(dir, 'bin');
    mkdirSync(emptyPath);
    const state = join(dir, 'certs');
    // PATH without certutil: the NSS step can only be handed over.
    const run = runScript(
      'certs-install.js',
      ['--dry-run'],
      { HOME: dir, LOCAL_STATE_DIR: state, PATH: emptyPath },
      { timeoutMs: 180_000 },
    );
    expect(run.stdout).toContain(`Local CA: ${join(state, 'ca.crt')} (can only vouch for localhost`);
    expect(existsSync(join(state, 'ca.crt'))).toBe(true);
    expect(existsSync(join(state, 'ca.key'))).toBe(false);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('A real run could not do these by itself');
    expect(run.stdout).toContain('certutil is not installed: install libnss3-tools');
    expect(run.stdout).toContain(
      `certutil -d sql:${dir}/.pki/nssdb -A -t C,, -n '${CA_NAME}' -i ${join(state, 'ca.crt')}`,
    );
    expect(run.stderr).not.toContain('the CA is not trusted everywhere yet');
    expect(run.stdout).toContain('Nothing was changed (--dry-run).');
  }, 240_000);

  it('refuses an unknown argument with exit 2', () => {
    const { dir } = sandbox();
    const run = runScript('certs-install.js', ['--everywhere'], { HOME: dir, LOCAL_STATE_DIR: join(dir, 'certs') });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unexpected argument "--everywhere"');
  });
});
