// Test fixture (Node built-ins only): prints one line and exits with code 3 at once.
'use strict';
console.log('exit-fast: exiting with code 3');
process.exitCode = 3;
