// Test fixture (Node built-ins only) for log completeness: writes $COUNT (default 1000)
// lines "n=1" … "n=COUNT" to stdout as fast as it can, then stays alive. SIGTERM: exit 0.
'use strict';
const count = Number(process.env.COUNT || 1000);
const batch = 1000;

function writeFrom(first) {
  let chunk = '';
  const last = Math.min(first + batch - 1, count);
  for (let n = first; n <= last; n++) chunk += `n=${n}\n`;
  const more = last < count;
  // Wait for 'drain' when the pipe is full, so that no line is lost or reordered.
  if (!process.stdout.write(chunk) && more) process.stdout.once('drain', () => writeFrom(last + 1));
  else if (more) setImmediate(() => writeFrom(last + 1));
}

if (count > 0) writeFrom(1);
setInterval(() => {}, 1 << 30);
process.on('SIGTERM', () => process.exit(0));
