import Kernel
import LogLevels
import Testing

@Suite("Log level from the journal's priority, or recognised from the line")
struct LogLineLevelTests {
    @Test("a priority other than info is kept, whatever the line says")
    func fromPriority() {
        #expect(LogLineLevel.of(priority: 3, message: "anything") == .error)
        #expect(LogLineLevel.of(priority: 4, message: "INFO: fine") == .warning)
        #expect(LogLineLevel.of(priority: 7, message: "ERROR: still debug") == .debug)
    }

    @Test("lines at the default priority: known answers", arguments: [
        // pino / bunyan (numbers)
        (#"{"level":50,"time":1733480000000,"pid":42,"hostname":"h","msg":"boom"}"#, LogLevel.error),
        (#"{"level":40,"msg":"slow query"}"#, .warning),
        (#"{"level":30,"msg":"ok"}"#, .info),
        (#"{"level":20,"msg":"details"}"#, .debug),
        (#"{"level":60,"msg":"dying"}"#, .crit),
        (#"{"name":"api","hostname":"h","pid":1,"level":50,"msg":"bunyan error","time":"2026-12-06T12:00:00.000Z","v":0}"#, .error),
        // winston (names)
        (#"{"level":"warn","message":"disk 91%"}"#, .warning),
        (#"{"level":"error","message":"db down"}"#, .error),
        (#"{"message":"verbose stuff","level":"verbose"}"#, .debug),
        // Python logging's default format
        ("WARNING:root:disk almost full", .warning),
        ("ERROR:app.db:connection refused", .error),
        ("CRITICAL:root:out of memory", .crit),
        ("DEBUG:root:details", .debug),
        // uvicorn
        ("ERROR:    Exception in ASGI application", .error),
        ("WARNING:  Invalid HTTP request received.", .warning),
        ("INFO:     Uvicorn running on http://0.0.0.0:8000", .info),
        // a leading word, with or without colon or brackets
        ("WARN tick 5", .warning),
        ("WARN: tick 5", .warning),
        ("[WARN] tick 5", .warning),
        ("[warn] tick 5", .warning),
        ("ERROR something broke", .error),
        ("[error] db down", .error),
        ("FATAL: cannot bind port 3000", .crit),
        ("[FATAL] cannot bind", .crit),
        ("DEBUG cache miss", .debug),
        ("  ERROR: indented", .error),
        ("ERROR", .error),
        // prose stays info
        ("error handling is fine here", .info),
        ("Errors: 0", .info),
        ("Warning signs ahead", .info),
        ("WARNINGS 3", .info),
        ("ERRORED", .info),
        ("[errorless] ok", .info),
        ("{not json", .info),
        ("", .info),
    ])
    func fromLine(line: String, expected: LogLevel) {
        #expect(LogLineLevel.of(priority: 6, message: line) == expected)
    }
}
