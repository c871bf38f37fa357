// Test fixture (Node built-ins only) for logs that keep coming: writes "n=1" … "n=$COUNT"
// (default 2000) to stdout, one every $INTERVAL_MS (default 5) milliseconds, then stays alive.
// SIGTERM: exit 0.
'use strict';
const count = Number(process.env.COUNT || 2000);
const interval = Number(process.env.INTERVAL_MS || 5);

let n = 0;
const timer = setInterval(() => {
  n += 1;
  console.log(`n=${n}`);
  if (n >= count) clearInterval(timer);
}, interval);
setInterval(() => {}, 1 << 30);
process.on('SIGTERM', () => process.exit(0));
