// @ts-check
/**
 * Which trust stores get the project's local CA, and how, per operating system (pure: the facts
 * about the machine come in, the steps go out; scripts/certs-install.js runs them).
 *
 * - Windows: the current user's Root store (certutil, built into Windows; Windows asks the user
 *   to confirm), which Office, Edge and Chrome use.
 * - macOS: the login keychain, trusted for SSL (security add-trusted-cert, as office-addin-dev-certs
 *   does); Office, Safari and Chrome use it.
 * - Linux: the system store (update-ca-certificates or update-ca-trust; root, or sudo without a
 *   password prompt), and the NSS databases of Chromium/Chrome (~/.pki/nssdb) and Firefox
 *   profiles, with certutil. Whatever cannot be done here is handed over as exact commands.
 * An earlier copy of the CA (it is renewed every few weeks) is removed first, by its name.
 */
const { join } = require('node:path');

const CA_NAME = 'Workbook Sessions local CA (localhost only)';
const SYSTEM_FILE_NAME = 'workbook-sessions-local-ca.crt';

/**
 * @typedef {object} MachineFacts
 * @property {NodeJS.Platform} platform
 * @property {string} caFile
 * @property {string} home
 * @property {boolean} isRoot
 * @property {(tool: string) => string | undefined} findTool   absolute path of a tool, if installed
 * @property {boolean} sudoWithoutPrompt   `sudo -n true` succeeds
 * @property {string[]} firefoxProfiles   profile folders holding a cert9.db
 * @property {boolean} chromiumDbExists   ~/.pki/nssdb/cert9.db exists already
 */

/**
 * @typedef {object} TrustStep
 * @property {string} store   what gets the CA, in words
 * @property {string[][]} commands   argv lists, run in order; empty when the step cannot run here
 * @property {string[][]} [cleanup]   run first, failures ignored (an older copy may be absent)
 * @property {string} [manual]   when it cannot run here: why, and exactly what to run instead
 */

/** @param {string} arg */
const shellQuote = (arg) => (/^[A-Za-z0-9_./:=,@-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
/** @param {string[][]} commands */
const asShell = (commands) => commands.map((c) => c.map(shellQuote).join(' ')).join(' && ');

/** @param {MachineFacts} m @returns {TrustStep[]} */
function planTrust(m) {
  if (m.platform === 'win32') {
    return [
      {
        store: "the Windows certificate store (current user's trusted roots)",
        cleanup: [['certutil', '-user', '-delstore', 'Root', CA_NAME]],
        commands: [['certutil', '-user', '-addstore', 'Root', m.caFile]],
      },
    ];
  }
  if (m.platform === 'darwin') {
    const keychain = join(m.home, 'Library', 'Keychains', 'login.keychain-db');
    return [
      {
        store: 'the macOS login keychain (trusted for SSL)',
        cleanup: [['security', 'delete-certificate', '-c', CA_NAME, keychain]],
        commands: [['security', 'add-trusted-cert', '-d', '-r', 'trustRoot', '-k', keychain, m.caFile]],
      },
    ];
  }
  if (m.platform !== 'linux') {
    return [
      {
        store: `the trust store of ${m.platform}`,
        commands: [],
        manual: `this platform is not supported: add ${m.caFile} to the trusted root certificates yourself`,
      },
    ];
  }
  return [systemStoreStep(m), ...nssSteps(m)];
}

/** @param {MachineFacts} m @returns {TrustStep} */
function systemStoreStep(m) {
  const debian = m.findTool('update-ca-certificates');
  const fedora = m.findTool('update-ca-trust');
  /** @type {string[][]} */
  let commands;
  if (debian !== undefined) {
    const target = join('/usr/local/share/ca-certificates', SYSTEM_FILE_NAME);
    commands = [['install', '-m', '0644', m.caFile, target], [debian]];
  } else if (fedora !== undefined) {
    const target = join('/etc/pki/ca-trust/source/anchors', SYSTEM_FILE_NAME);
    commands = [
      ['install', '-m', '0644', m.caFile, target],
      [fedora, 'extract'],
    ];
  } else {
    return {
      store: 'the system trust store',
      commands: [],
      manual: `neither update-ca-certificates nor update-ca-trust is installed: add ${m.caFile} to your distribution's trusted certificates (its documentation says how)`,
    };
  }
  if (m.isRoot) return { store: 'the system trust store', commands };
  const withSudo = commands.map((c) => ['sudo', '-n', ...c]);
  if (m.sudoWithoutPrompt) return { store: 'the system trust store', commands: withSudo };
  return {
    store: 'the system trust store',
    commands: [],
    manual: `it needs root: run  ${asShell(commands.map((c) => ['sudo', ...c]))}`,
  };
}

/** @param {MachineFacts} m @returns {TrustStep[]} */
function nssSteps(m) {
  const certutil = m.findTool('certutil');
  const chromium = join(m.home, '.pki', 'nssdb');
  const databases = [
    { store: 'Chromium and Chrome (~/.pki/nssdb)', dir: chromium, create: !m.chromiumDbExists },
    ...m.firefoxProfiles.map((dir) => ({ store: `Firefox profile ${dir}`, dir, create: false })),
  ];
  return databases.map(({ store, dir, create }) => {
    const db = `sql:${dir}`;
    /** @type {string[][]} */
    const commands = [
      ...(create
        ? [
            ['mkdir', '-p', dir],
            [certutil ?? 'certutil', '-d', db, '-N', '--empty-password'],
          ]
        : []),
      [certutil ?? 'certutil', '-d', db, '-A', '-t', 'C,,', '-n', CA_NAME, '-i', m.caFile],
    ];
    if (certutil === undefined) {
      return {
        store,
        commands: [],
        manual: `certutil is not installed: install libnss3-tools (Debian, Ubuntu) or nss-tools (Fedora), then run  ${asShell(commands)}`,
      };
    }
    return { store, cleanup: [[certutil, '-d', db, '-D', '-n', CA_NAME]], commands };
  });
}

module.exports = { planTrust, asShell, CA_NAME };
