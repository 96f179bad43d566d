// jest global teardown: stops the run's PostgreSQL cluster at once (if a suite started one) and
// removes its folder.
const { stopRunCluster } = require('./postgresCluster');

module.exports = async function postgresTeardown() {
  const dir = process.env.WBS_PG_STATE_DIR;
  if (dir) stopRunCluster(dir);
};
