#!/usr/bin/env node
// @ts-check
/**
 * `npm run validate:offline -- <manifest.xml> [--development] [--assets DIR]`: validates an XML
 * add-in manifest without any network: against the official XML schemas (xmllint, schemas from
 * MANIFEST_SCHEMAS_DIR, default ../shared/manifest-schemas when present), then against the rules
 * of scripts/manifest/rules.js. One line per problem, naming the element; exit 0 only when there
 * is none, 1 when there are problems, 2 when the manifest could not be validated at all.
 * `--development` allows localhost URLs (a manifest written by `npm run manifest` for a
 * development environment says so in its header, and is recognised without the flag).
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { DOMParser } = require('@xmldom/xmldom');
const { checkManifest } = require('./manifest/rules');

const ROOT = resolve(__dirname, '..');
const SCHEMA = 'OfficeAppManifestV1_1.xsd';
const XMLLINT_TIMEOUT_MS = 30_000;
/** Where Microsoft publishes the schemas (Office Web Extensibility Manifest Format, Appendix A). */
const SCHEMAS_SOURCE = 'https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-owemxml/c6a06390-34b8-4b42-82eb-b28be12494a8';

class CannotValidate extends Error {}

/** @param {NodeJS.ProcessEnv} env */
function schemasDir(env) {
  const named = env.MANIFEST_SCHEMAS_DIR;
  const dir = named && named !== '' ? resolve(named) : resolve(ROOT, '..', 'shared', 'manifest-schemas');
  if (!existsSync(join(dir, SCHEMA))) {
    throw new CannotValidate(
      named
        ? `MANIFEST_SCHEMAS_DIR=${named} holds no ${SCHEMA}.`
        : `MANIFEST_SCHEMAS_DIR is not set and ${dir} does not exist: point MANIFEST_SCHEMAS_DIR at a folder holding the Office add-in manifest schemas (${SCHEMA} and the files it includes, published in [MS-OWEMXML] Appendix A: ${SCHEMAS_SOURCE}).`,
    );
  }
  return dir;
}

/**
 * The schema's verdict: one problem per xmllint error line.
 * @param {string} file
 * @param {string} dir
 * @returns {Array<{ rule: string, element: string, message: string }>}
 */
function schemaProblems(file, dir) {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, file], { cwd: dir, encoding: 'utf8', timeout: XMLLINT_TIMEOUT_MS });
  if (run.error !== undefined) {
    const code = /** @type {NodeJS.ErrnoException} */ (run.error).code;
    throw new CannotValidate(code === 'ENOENT' ? 'xmllint is not installed: install libxml2-utils (Debian/Ubuntu), libxml2 (macOS: brew install libxml2), then run again.' : `xmllint did not finish: ${run.error.message}`);
  }
  if (run.status === 0) return [];
  const lines = run.stderr.split('\n').filter((line) => line.trim() !== '' && !line.endsWith('fails to validate') && !line.endsWith('validates'));
  if (run.status !== 3 && run.status !== 4 && run.status !== 1) throw new CannotValidate(`xmllint could not use the schemas in ${dir}:\n${lines.join('\n')}`);
  return lines.map((line) => {
    const match = /^[^:]*:(\d+): element ([^:]+): Schemas validity error : (.*)$/.exec(line);
    return match ? { rule: 'schema', element: `<${match[2]}> (line ${match[1]})`, message: match[3] ?? line } : { rule: 'schema', element: '(schema)', message: line };
  });
}

/**
 * @param {string} file
 * @param {{ development?: boolean, assetsDir?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Array<{ rule: string, element: string, message: string }>}
 */
function validateManifestFile(file, options = {}) {
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
    return [{ rule: 'xml', element: '(document)', message: `not well-formed XML: ${error instanceof Error ? error.message : String(error)}` }];
  }
  const development = options.development === true || /^<!--[^]*?environment \(development\)/m.test(textContent.slice(0, 2000));
  const schema = schemaProblems(resolve(file), schemasDir(options.env ?? process.env));
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

if (require.main === module) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const file = /** @type {string} */ (args.file);
    const problems = validateManifestFile(file, args);
    for (const p of problems) console.log(`${file}: ${p.element}: ${p.message} [${p.rule}]`);
    if (problems.length > 0) {
      console.log(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}`);
      process.exit(1);
    }
    console.log(`${file}: valid (official schemas and the admin center's rules; no network used)`);
  } catch (error) {
    if (!(error instanceof CannotValidate)) throw error;
    console.error(`validate:offline: ${error.message}`);
    console.error('usage: npm run validate:offline -- <manifest.xml> [--development] [--assets <folder with the icon files>]');
    process.exit(2);
  }
}
