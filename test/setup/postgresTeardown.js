// jest global teardown: stops the run's PostgreSQL cluster at once (if a suite started one) and
// removes its folder. The state file is written by test/helpers/postgres.ts.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async function postgresTeardown() {
  const dir = process.env.WBS_PG_STATE_DIR;
  if (!dir) return;
  const stateFile = join(dir, 'cluster.json');
  if (existsSync(stateFile)) {
    const { dataDir, binDir, runAs } = JSON.parse(readFileSync(stateFile, 'utf8'));
    const pgCtl = [join(binDir, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', 'stop'];
    const [file, ...args] = runAs ? ['runuser', '-u', runAs, '--', ...pgCtl] : pgCtl;
    spawnSync(file, args, { stdio: 'ignore' });
  }
  rmSync(dir, { recursive: true, force: true });
};
