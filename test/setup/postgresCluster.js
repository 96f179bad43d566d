// The parts of the test PostgreSQL cluster's life that jest's global setup and teardown share
// (plain JS: jest loads these files untransformed). test/support/postgres.ts starts the cluster.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const STATE_PREFIX = 'wbs-pg-run-';

/** Stops the cluster of a run's state folder at once (if one was started) and removes the folder. */
function stopRunCluster(dir) {
  const stateFile = join(dir, 'cluster.json');
  if (existsSync(stateFile)) {
    const { dataDir, binDir, runAs } = JSON.parse(readFileSync(stateFile, 'utf8'));
    const pgCtl = [join(binDir, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', 'stop'];
    const [file, ...args] = runAs ? ['runuser', '-u', runAs, '--', ...pgCtl] : pgCtl;
    spawnSync(file, args, { stdio: 'ignore' });
  }
  rmSync(dir, { recursive: true, force: true });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Stops clusters left by runs that were killed before their teardown (their jest process is gone). */
function stopOrphanedClusters() {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(STATE_PREFIX))) {
    const dir = join(tmpdir(), name);
    const ownerFile = join(dir, 'owner.pid');
    if (!existsSync(ownerFile)) continue;
    const owner = Number(readFileSync(ownerFile, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) stopRunCluster(dir);
  }
}

module.exports = { STATE_PREFIX, stopRunCluster, stopOrphanedClusters };
