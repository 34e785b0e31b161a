// Starts the built server (server/dist/server/src/main.js) in this process. A launcher of our own
// gives the e2e server a command line of its own, so tooling that stops "main.js" processes by
// name elsewhere on a shared machine does not take the e2e server down mid-run.
require(require('node:path').resolve(__dirname, '..', '..', '..', 'server', 'dist', 'server', 'src', 'main.js'));
