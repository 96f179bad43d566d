// Preloaded (node -r) into a script under test: every host name fails to resolve, as on a
// machine without network. Nothing leaves loopback whatever the script tries.
const dns = require('node:dns');

dns.lookup = (hostname, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
    hostname,
  });
  process.nextTick(() => done(error));
};
