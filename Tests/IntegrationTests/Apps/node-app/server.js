// Test fixture (Node built-ins only): an HTTP server on $PORT (default 3000).
// GET / answers {"pid": <pid>, "app": "node-app"}. At start it prints $LINES (default 20)
// lines "line 1" … "line N" and then "listening on PORT" to stdout, and "warn: started"
// to stderr. SIGTERM makes it exit 0.
'use strict';
const http = require('http');

const port = Number(process.env.PORT || 3000);
const lines = Number(process.env.LINES || 20);

for (let i = 1; i <= lines; i++) console.log(`line ${i}`);
console.error('warn: started');

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.split('?')[0] === '/') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ pid: process.pid, app: 'node-app' }));
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  }
});

server.listen(port, () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => process.exit(0));
