// jest global setup: names the folder where the run's one PostgreSQL cluster lives if a suite asks
// for it (test/helpers/postgres.ts starts it lazily). Workers inherit the variable.
const { chmodSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function postgresSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'wbs-pg-run-'));
  // The server may run as another user (postgres, when the tests run as root): it must be able
  // to reach its data folder inside this one, without reading anything else here.
  chmodSync(dir, 0o711);
  process.env.WBS_PG_STATE_DIR = dir;
};
