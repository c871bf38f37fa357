import ArgumentParser
import Foundation

extension AppsCommand {
    /// `apps logs NAME [-f] [--lines N] [--priority P] [--grep T]`: history, or history then follow.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an app's logs; -f follows them live (WebSocket) until interrupted.")

        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String
        @Flag(name: [.short, .long], help: "Follow: keep printing new entries.") var follow = false
        @Option(name: [.short, .long], help: "Entries of history to print first (default 200; 100 with -f).") var lines: Int?
        @Option(name: [.short, .long], help: "Only this priority (0–7 or emerg…debug) or more urgent.") var priority: String?
        @Option(name: .long, help: "Only entries whose message contains this text.") var grep: String?

        func validate() throws {
            if let lines, !(0...10_000).contains(lines) { throw ValidationError("--lines must be 0–10000") }
        }

        func run() async throws {
            try await runCLI {
                let api = try client.client()
                let path = "/api/apps/\(APIClient.segment(name))"
                let printer = LogPrinter(json: client.json, color: LogPrinter.wantsColor)
                if follow {
                    let query: [(String, String?)] = [("lines", lines.map(String.init)), ("priority", priority), ("grep", grep)]
                    // Fail fast with the API's message when the app does not exist.
                    _ = try await api.send(.GET, path + "/status")
                    try await api.stream("/logs/\(APIClient.segment(name))", query: query) { text in printer.printMessage(text) }
                    printError("-- the agent closed the log stream --")
                } else {
                    let query: [(String, String?)] = [("lines", lines.map { String(max(1, $0)) }), ("priority", priority), ("grep", grep)]
                    let (page, raw) = try await api.get(LogPage.self, path + "/logs", query: query)
                    if client.json { return printJSON(raw) }
                    for entry in page.entries { printer.printEntry(entry) }
                }
            }
        }
    }
}

/// Prints log entries as `TIMESTAMP LEVEL [PID] MESSAGE`, coloured by level on a terminal.
struct LogPrinter: Sendable {
    let json: Bool
    let color: Bool

    /// Colour when standard output is a terminal and NO_COLOR is unset.
    static var wantsColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// One message of the live stream: an entry, or a notice such as `{"type":"gap"}`.
    func printMessage(_ text: String) {
        if json {
            print(text)
            fflush(nil)
            return
        }
        guard let entry = try? APIClient.decode(LogEntryInfo.self, Data(text.utf8)) else {
            print(text)
            return
        }
        if entry.type == "gap" {
            printError("-- \(entry.dropped ?? 0) entries dropped: this client read too slowly --")
        } else if let type = entry.type, entry.message == nil {
            printError("-- \(type) --")
        } else {
            printEntry(entry)
        }
        fflush(nil)
    }

    func printEntry(_ entry: LogEntryInfo) {
        let level = (entry.level ?? "info").uppercased()
        let padded = level.padding(toLength: 7, withPad: " ", startingAt: 0)
        let pid = entry.pid.map { "[\($0)] " } ?? ""
        let line = "\(entry.timestamp ?? "-") \(padded) \(pid)\(entry.message ?? "")"
        guard color, let code = Self.colorCode(entry.level) else {
            print(line)
            return
        }
        print("\u{1B}[\(code)m\(line)\u{1B}[0m")
    }

    static func colorCode(_ level: String?) -> String? {
        switch level {
        case "emerg", "alert", "crit", "error": return "31"
        case "warning": return "33"
        case "notice": return "36"
        case "debug": return "2"
        default: return nil
        }
    }
}
