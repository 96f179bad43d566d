// jest global setup: names the folder where the run's one PostgreSQL cluster lives if a suite asks
// for it (test/support/postgres.ts starts it lazily). Workers inherit the variable. Clusters of
// earlier runs that were killed before their teardown are stopped first.
const { chmodSync, mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { STATE_PREFIX, stopOrphanedClusters } = require('./postgresCluster');

module.exports = async function postgresSetup() {
  stopOrphanedClusters();
  const dir = mkdtempSync(join(tmpdir(), STATE_PREFIX));
  // The server may run as another user (postgres, when the tests run as root): it must be able
  // to reach its data folder inside this one, without reading anything else here.
  chmodSync(dir, 0o711);
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  process.env.WBS_PG_STATE_DIR = dir;
};
