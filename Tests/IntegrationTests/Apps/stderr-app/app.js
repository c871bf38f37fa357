// Test fixture (Node built-ins only): writes one line of each kind the log
// levels depend on — stdout, console.error, console.warn, a stderr line that
// brings its own syslog prefix, a Python-style level word — then stays up.
'use strict';
console.log('plain stdout line');
console.error('card declined for order 1234');
console.warn('stock running low');
process.stderr.write('<6>stderr line that says info itself\n');
console.log('WARNING:root:disk almost full');
setInterval(() => {}, 60000);
process.on('SIGTERM', () => process.exit(0));
