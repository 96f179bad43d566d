// Preloaded (node -r) into a script under test: name resolution never answers, as behind a
// firewall that drops packets. The script must give up on its own.
require('node:dns').lookup = () => undefined;
