// A Node.js app that serves nothing, for scripts/bench's side-by-side comparison: it waits until stopped.
setInterval(() => {}, 1 << 30);
