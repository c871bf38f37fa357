// Preloaded into Node.js apps by the nodejs runtime: nodejs.json's NODE_OPTIONS carries
// this file as `--import data:text/javascript,<encodeURIComponent(file)>` (a test checks
// they agree), so the app's user needs no access to the agent's files: when the app's output goes to the journal (JOURNAL_STREAM
// is set), each line it writes to stderr starts with the syslog prefix "<3>"
// (error), or "<4>" (warning) for console.warn, which journald turns into the
// entry's priority (SyslogLevelPrefix=, on by default) and removes. Standard
// output is untouched; a line that already has a "<N>" prefix keeps it.
'use strict';

if (process.env.JOURNAL_STREAM) {
  const stderr = process.stderr;
  const write = stderr.write.bind(stderr);
  let prefix = '<3>';
  let atLineStart = true;

  const mark = (text) => {
    let out = '';
    for (const piece of text.split(/(?<=\n)/)) {
      if (atLineStart && piece !== '' && !/^<[0-7]>/.test(piece)) out += prefix;
      out += piece;
      atLineStart = piece.endsWith('\n');
    }
    return out;
  };

  stderr.write = function writeWithPriority(chunk, encoding, callback) {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    let text;
    if (typeof chunk === 'string') text = chunk;
    else if (chunk instanceof Uint8Array) text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
    else return write(chunk, encoding, callback);
    if (typeof chunk === 'string' && encoding && encoding !== 'utf8' && encoding !== 'utf-8') text = Buffer.from(chunk, encoding).toString('utf8');
    return write(mark(text), 'utf8', callback);
  };

  const warn = console.warn;
  console.warn = function warnWithPriority(...args) {
    prefix = '<4>';
    try {
      return warn.apply(console, args);
    } finally {
      prefix = '<3>';
    }
  };
}
