import Foundation

/// A parsed Prometheus text exposition: one value per series, looked up by
/// name and exact label set.
struct Exposition {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    let samples: [Sample]

    init(_ text: String) {
        samples = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                return nil
            }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else { return Sample(name: String(series), labels: [:], value: value) }
            var labels: [String: String] = [:]
            for match in series[brace...].matches(of: /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/) {
                labels[String(match.output.1)] = String(match.output.2)
            }
            return Sample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }

    /// The value of the series `name` with exactly `labels`, nil when there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// Whether any series of `name` carries `labels` (among others).
    func has(_ name: String, with labels: [String: String]) -> Bool {
        samples.contains { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
    }
}

/// `promtool check metrics` (Debian package `prometheus`, installed by scripts/setup).
enum Promtool {
    static let path = "/usr/bin/promtool"
    static var installed: Bool { FileManager.default.isExecutableFile(atPath: path) }
    /// Under scripts/test a missing promtool is a failure, not a skip.
    static var required: Bool { ProcessInfo.processInfo.environment["SIAX_REQUIRE_SYSTEMD"] == "1" }

    /// Pipes `text` to `promtool check metrics`; its exit status and everything it printed.
    static func check(_ text: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }
}
