#!/usr/bin/env node
// @ts-check
/**
 * Sideloading, with the script names of `yo office` projects:
 *   npm run start:desktop                      Excel on Windows or macOS (office-addin-debugging)
 *   npm run start:web -- --document <URL>      Excel on the web, on a workbook in OneDrive/SharePoint
 *   npm stop                                   stops the dev server, removes the desktop sideload
 * Both starts run `npm run dev-server` in the background against the tenant in .env and use its
 * development manifest (your CLIENT_ID, https://localhost:PORT). Each says plainly when it
 * cannot work here — desktop sideloading on Linux, no tenant configured, a bad document URL —
 * and exits non-zero; none waits forever or reports a success it did not have.
 */
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { ensureDevServer, LOG_FILE, stopDevServer } = require('./lib/devServerProcess');
const { devServerPort, explainMissingTenant, loadDevEnvironment, missingTenantSettings } = require('./lib/devTenant');

const ROOT = join(__dirname, '..');
const DEV_MANIFEST = join(ROOT, 'build', 'dev-pane', 'manifest.xml');
const DESKTOP_PLATFORMS = ['win32', 'darwin'];

class Refusal extends Error {
  /** @param {string} message @param {number} [code] */
  constructor(message, code = 1) {
    super(message);
    this.code = code;
  }
}

/** @param {string} line */
const say = (line) => console.log(`[sideload] ${line}`);

/** The tenant settings and port, or a Refusal saying what is missing. */
function devEnvironment() {
  const loaded = loadDevEnvironment(process.env);
  if ('error' in loaded) throw new Refusal(`cannot read the env file:\n${loaded.error}`);
  const missing = missingTenantSettings(loaded.env);
  if (missing.length > 0)
    throw new Refusal(
      explainMissingTenant(`npm run ${process.env.npm_lifecycle_event ?? 'start'}`, missing, loaded.file),
    );
  const checkedPort = devServerPort(loaded.env);
  if ('error' in checkedPort) throw new Refusal(checkedPort.error);
  return { env: loaded.env, port: checkedPort.port };
}

/** @param {string} manifestXml */
const manifestId = (manifestXml) => /<Id>([0-9a-fA-F-]{36})<\/Id>/.exec(manifestXml)?.[1] ?? '';

/**
 * The document URL with the query parameters that make Excel on the web sideload the manifest
 * the dev server serves (what office-addin-debugging builds, with the query joined properly).
 * @param {string} document
 * @param {number} port
 * @param {string} id
 */
function webSideloadUrl(document, port, id) {
  const url = new URL(document);
  url.searchParams.set('wdaddindevserverport', String(port));
  url.searchParams.set('wdaddinmanifestfile', 'manifest.xml');
  url.searchParams.set('wdaddinmanifestguid', id);
  return url.href;
}

/** Opens a URL in the default browser where there is one; false when it cannot. */
function openInBrowser(/** @type {string} */ url) {
  const opener =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', [url]]
          : undefined;
  if (opener === undefined) return false;
  const [command, args] = /** @type {[string, string[]]} */ (opener);
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

/** @param {string[]} args */
function documentArgument(args) {
  const index = args.indexOf('--document');
  const value = index === -1 ? undefined : args[index + 1];
  const extra = args.filter((a, i) => i !== index && i !== index + 1);
  if (extra.length > 0)
    throw new Refusal(
      `unexpected argument "${extra[0]}"\nusage: npm run start:web -- --document <https URL of a workbook in OneDrive or SharePoint>`,
      2,
    );
  if (value === undefined)
    throw new Refusal(
      'name the workbook to open: npm run start:web -- --document <https URL of a workbook in OneDrive or SharePoint>',
      2,
    );
  let url;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'https:')
    throw new Refusal(`--document must be the https URL of a workbook in OneDrive or SharePoint (got "${value}")`, 2);
  return url.href;
}

async function startDesktop(/** @type {string[]} */ args) {
  if (args.length > 0) throw new Refusal(`unexpected argument "${args[0]}"`, 2);
  if (!DESKTOP_PLATFORMS.includes(process.platform)) {
    throw new Refusal(
      `Excel desktop runs on Windows and macOS only, so the add-in cannot be sideloaded into it on ${process.platform}.\n` +
        'Use Excel on the web instead: npm run start:web -- --document <URL of a workbook in OneDrive or SharePoint>',
    );
  }
  const { env, port } = devEnvironment();
  await ensureDevServer(env, port, say);
  const { AppType, startDebugging } = require('office-addin-debugging');
  const { OfficeApp } = require('office-addin-manifest');
  say('sideloading into Excel…');
  // Throws when sideloading fails (its command line prints the error and exits 0; we do not).
  await startDebugging(DEV_MANIFEST, {
    appType: AppType.Desktop,
    app: OfficeApp.Excel,
    enableDebugging: false,
    enableLiveReload: false,
    enableSideload: true,
  });
  say('Excel opens with the add-in on the Home tab. "npm stop" removes it and stops the dev server.');
}

async function startWeb(/** @type {string[]} */ args) {
  const document = documentArgument(args);
  const { env, port } = devEnvironment();
  await ensureDevServer(env, port, say);
  const { readFileSync } = require('node:fs');
  const url = webSideloadUrl(document, port, manifestId(readFileSync(DEV_MANIFEST, 'utf8')));
  const opened = openInBrowser(url);
  say(`${opened ? 'opening' : 'open this in a browser signed in to your tenant'}: ${url}`);
  say(
    'Excel on the web loads the add-in from https://localhost:' +
      port +
      ' (trusted after "npm run certs:install"). "npm stop" stops the dev server.',
  );
}

async function stop(/** @type {string[]} */ args) {
  if (args.length > 0) throw new Refusal(`unexpected argument "${args[0]}"`, 2);
  if (DESKTOP_PLATFORMS.includes(process.platform)) {
    const { existsSync } = require('node:fs');
    if (existsSync(DEV_MANIFEST)) {
      const { stopDebugging } = require('office-addin-debugging');
      await stopDebugging(DEV_MANIFEST);
    }
  }
  const pid = await stopDevServer();
  say(
    pid === undefined
      ? 'no dev server was running'
      : `stopped the dev server (process ${pid}); its last output is in ${LOG_FILE}`,
  );
  if (!DESKTOP_PLATFORMS.includes(process.platform))
    say(
      'nothing to remove from Excel: desktop sideloading does not exist on this platform, and a web sideload ends with the browser tab',
    );
}

const COMMANDS = { desktop: startDesktop, web: startWeb, stop };

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const run = COMMANDS[/** @type {keyof typeof COMMANDS} */ (command ?? '')];
  if (run === undefined) throw new Refusal('usage: node scripts/sideload.js desktop|web|stop', 2);
  await run(args);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(
      error instanceof Refusal ? error.message : `[sideload] ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(error instanceof Refusal ? error.code : 1);
  },
);
