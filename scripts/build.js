#!/usr/bin/env node
// @ts-check
// `npm run build`: build/ (tsc) and dist/ (webpack), then the stamp `npm start` compares the
// sources with, so starting right after a build does not build again.
const { build } = require('./lib/build');

try {
  build('all');
} catch (err) {
  console.error(`[build] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
