#!/usr/bin/env node
// @ts-check
/**
 * `npm run validate:offline -- <manifest.xml> [--development] [--assets DIR]`: validates an XML
 * add-in manifest without any network: against the official XML schemas (libxml2 compiled to
 * WebAssembly, so no system xmllint is needed; schemas from MANIFEST_SCHEMAS_DIR, default the
 * repository's manifest-schemas/), then against the rules
 * of scripts/manifest/rules.js. One line per problem, naming the element; exit 0 only when there
 * is none, 1 when there are problems, 2 when the manifest could not be validated at all.
 * `--development` allows localhost URLs (a manifest written by `npm run manifest` for a
 * development environment says so in its header, and is recognised without the flag).
 */
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { basename, join, resolve } = require('node:path');
const { DOMParser } = require('@xmldom/xmldom');
const { validateXML } = require('xmllint-wasm');
const { checkManifest } = require('./manifest/rules');

const ROOT = resolve(__dirname, '..');
const SCHEMA = 'OfficeAppManifestV1_1.xsd';
const SCHEMA_TIMEOUT_MS = 30_000;
/** The schemas that travel with the repository (with their licence and redistribution notice). */
const BUNDLED_SCHEMAS = join(ROOT, 'manifest-schemas');
/** Where Microsoft publishes the schemas (Office Web Extensibility Manifest Format, Appendix A). */
const SCHEMAS_SOURCE =
  'https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-owemxml/c6a06390-34b8-4b42-82eb-b28be12494a8';

class CannotValidate extends Error {}

/** @param {NodeJS.ProcessEnv} env */
function schemasDir(env) {
  const named = env.MANIFEST_SCHEMAS_DIR;
  const dir = named && named !== '' ? resolve(named) : BUNDLED_SCHEMAS;
  if (!existsSync(join(dir, SCHEMA))) {
    throw new CannotValidate(
      named
        ? `MANIFEST_SCHEMAS_DIR=${named} holds no ${SCHEMA}.`
        : `${dir} holds no ${SCHEMA}: restore the folder from the repository, or point MANIFEST_SCHEMAS_DIR at a folder holding the Office add-in manifest schemas (${SCHEMA} and the files it includes, published in [MS-OWEMXML] Appendix A: ${SCHEMAS_SOURCE}).`,
    );
  }
  return dir;
}

/**
 * libxml2 names the element in the message as `Element '{namespace}Name'`; the bare name is what
 * a reader finds in the file.
 * @param {string} message
 */
function elementOf(message) {
  const match = /Element '(?:\{[^}]*\})?([^']+)'/.exec(message);
  return match ? match[1] : undefined;
}

/**
 * The schema's verdict: one problem per libxml2 error line. libxml2 runs as WebAssembly in a worker
 * thread, fed the schema and every file it includes or imports (it does no file or network I/O).
 * @param {string} fileName
 * @param {string} contents
 * @param {string} dir
 * @returns {Promise<Array<{ rule: string, element: string, message: string }>>}
 */
async function schemaProblems(fileName, contents, dir) {
  const xsd = (/** @type {string} */ name) => ({ fileName: name, contents: readFileSync(join(dir, name), 'utf8') });
  const preload = readdirSync(dir)
    .filter((name) => name.endsWith('.xsd') && name !== SCHEMA)
    .map(xsd);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new CannotValidate(`the schema check did not finish within ${SCHEMA_TIMEOUT_MS / 1000} s`)),
      SCHEMA_TIMEOUT_MS,
    );
  });
  /** @type {import('xmllint-wasm').XMLValidationResult} */
  let result;
  try {
    result = await Promise.race([
      validateXML({ xml: [{ fileName, contents }], schema: [xsd(SCHEMA)], preload }),
      timeout,
    ]);
  } catch (error) {
    if (error instanceof CannotValidate) throw error;
    throw new CannotValidate(
      `the schemas in ${dir} could not be used: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    clearTimeout(timer);
  }
  if (result.valid) return [];
  return result.errors.map((error) => {
    const message = error.message.replace(/^(?:element [^:]+: )?Schemas validity error : /, '');
    const element = elementOf(message);
    const line = error.loc?.lineNumber;
    if (element === undefined || line === undefined || error.loc?.fileName !== fileName)
      return { rule: 'schema', element: '(schema)', message: error.rawMessage };
    return { rule: 'schema', element: `<${element}> (line ${line})`, message };
  });
}

/**
 * @param {string} file
 * @param {{ development?: boolean, assetsDir?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<Array<{ rule: string, element: string, message: string }>>}
 */
async function validateManifestFile(file, options = {}) {
  let textContent;
  try {
    textContent = readFileSync(file, 'utf8');
  } catch {
    throw new CannotValidate(`cannot read ${file}`);
  }
  /** @type {import('@xmldom/xmldom').Document} */
  let doc;
  try {
    doc = new DOMParser({ onError: () => undefined }).parseFromString(textContent, 'text/xml');
  } catch (error) {
    return [
      {
        rule: 'xml',
        element: '(document)',
        message: `not well-formed XML: ${error instanceof Error ? error.message : String(error)}`,
      },
    ];
  }
  const development =
    options.development === true || /^<!--[^]*?environment \(development\)/m.test(textContent.slice(0, 2000));
  const schema = await schemaProblems(basename(file), textContent, schemasDir(options.env ?? process.env));
  const rules = checkManifest(doc, { development, assetsDir: options.assetsDir ?? join(ROOT, 'assets') });
  return [...schema, ...rules];
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ file?: string, development: boolean, assetsDir?: string }} */
  const args = { development: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--development') args.development = true;
    else if (arg === '--assets') args.assetsDir = resolve(argv[++i] ?? '');
    else if (arg !== undefined && !arg.startsWith('--') && args.file === undefined) args.file = resolve(arg);
    else throw new CannotValidate(`unexpected argument "${arg}"`);
  }
  if (args.file === undefined) throw new CannotValidate('name the manifest file to validate');
  return args;
}

module.exports = { validateManifestFile, CannotValidate };

async function main() {
  try {
    const args = parseArgs(process.argv.slice(2));
    const file = /** @type {string} */ (args.file);
    const problems = await validateManifestFile(file, args);
    for (const p of problems) console.log(`${file}: ${p.element}: ${p.message} [${p.rule}]`);
    if (problems.length > 0) {
      console.log(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}`);
      process.exit(1);
    }
    console.log(`${file}: valid (official schemas and the admin center's rules; no network used)`);
  } catch (error) {
    if (!(error instanceof CannotValidate)) throw error;
    console.error(`validate:offline: ${error.message}`);
    console.error(
      'usage: npm run validate:offline -- <manifest.xml> [--development] [--assets <folder with the icon files>]',
    );
    process.exit(2);
  }
}

if (require.main === module) void main();
