#!/usr/bin/env node
// `npm run screenshots`: pictures of the task pane's main states for docs/screenshots/, taken in
// Chromium from the production build through the dev host (run `npm run build` first).
require('./tsRequire');
require('../test/support/paneScreenshots.ts')
  .takePaneScreenshots(require('node:path').join(__dirname, '..', 'docs', 'screenshots'))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
