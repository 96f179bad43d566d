// @ts-check
/**
 * Whether a local port is taken, before a dev server is started on it. Both ways are tried:
 * something may listen on IPv6 only (so binding 127.0.0.1 would succeed) or on a wildcard
 * address (so a connection to localhost reaches it). A program already answering there would
 * otherwise be mistaken for the dev server that was just started.
 */
const { connect, createServer } = require('node:net');

const CONNECT_TIMEOUT_MS = 1000;

/** @param {number} port @param {string} host @returns {Promise<boolean>} */
function accepts(port, host) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (/** @type {boolean} */ answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** @param {number} port @returns {Promise<boolean>} */
function bindFails(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (/** @type {NodeJS.ErrnoException} */ error) =>
      resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES'),
    );
    probe.listen(port, 'localhost', () => probe.close(() => resolve(false)));
  });
}

/** @param {number} port @returns {Promise<boolean>} */
async function portInUse(port) {
  const answers = await Promise.all([accepts(port, '127.0.0.1'), accepts(port, '::1')]);
  return answers.some(Boolean) || (await bindFails(port));
}

module.exports = { portInUse };
