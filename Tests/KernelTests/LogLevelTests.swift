import Testing
import Kernel

@Suite("Log level from priority or from the line")
struct LogLevelTests {
    @Test func fromPriority() {
        #expect(LogLevel.derive(priority: 3, message: "anything") == .error)
        #expect(LogLevel.derive(priority: 4, message: "INFO: fine") == .warning)
    }

    @Test("lines at the default priority are read", arguments: [
        (#"{"level":50,"msg":"boom"}"#, LogLevel.error),
        (#"{"level":30,"msg":"ok"}"#, .info),
        (#"{"level":"warn","msg":"hm"}"#, .warning),
        ("ERROR:    Exception in ASGI application", .error),
        ("WARNING:  Invalid HTTP request received.", .warning),
        ("INFO:     Uvicorn running on http://0.0.0.0:8000", .info),
        ("[error] db down", .error),
        ("DEBUG:root:details", .debug),
        ("error handling is fine here", .info),
        ("Errors: 0", .info),
    ])
    func fromLine(line: String, expected: LogLevel) {
        #expect(LogLevel.derive(priority: 6, message: line) == expected)
    }
}
