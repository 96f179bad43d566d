#!/usr/bin/env node
// Writes a deployment copy of manifest.xml: every https://localhost:3000 URL becomes the public
// URL of the add-in and the local-mode client id becomes the deployment's app registration.
//   node scripts/build-manifest.js --public-url https://addin.contoso.com --client-id <GUID> [--out dist/manifest.xml]
const fs = require('node:fs');
const path = require('node:path');

const DEV_ORIGIN = 'https://localhost:3000';
const DEV_CLIENT_ID = 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!['--public-url', '--client-id', '--out'].includes(key) || value === undefined) {
      throw new Error(`usage: build-manifest.js --public-url https://host --client-id GUID [--out FILE] (bad argument: ${key})`);
    }
    args[key.slice(2)] = value;
  }
  return args;
}

function buildManifest(template, publicUrl, clientId) {
  const errors = [];
  let url;
  try {
    url = new URL(publicUrl);
  } catch {
    errors.push(`--public-url: not a URL: ${publicUrl}`);
  }
  if (url && (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash || url.username)) {
    errors.push('--public-url: must be an https origin with no path, query or credentials (e.g. https://addin.contoso.com)');
  }
  if (!GUID.test(clientId ?? '')) errors.push('--client-id: must be the GUID of the app registration');
  if (errors.length) throw new Error(errors.join('\n'));
  return template.split(DEV_ORIGIN).join(url.origin).split(`api://localhost:3000/`).join(`api://${url.host}/`).split(DEV_CLIENT_ID).join(clientId.toLowerCase());
}

module.exports = { buildManifest };

if (require.main === module) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const root = path.join(__dirname, '..');
    const template = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');
    const out = path.resolve(args.out ?? path.join(root, 'dist', 'manifest.xml'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, buildManifest(template, args['public-url'], args['client-id']));
    console.log(`wrote ${out}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
