import DBusBackend
import Foundation
import Kernel

/// Journal follow: lines/s delivered and write → consumer latency, sd-journal
/// (JournalLogSource) vs a bare `journalctl -f -o json` subprocess.
struct JournalBench {
    let units: BenchUnits
    let dbus: DBusBackend
    let lines: Int
    let results: ResultsFile

    /// Measures and prints each figure as soon as it is known (a slow follower should not hide the others).
    func run() async throws -> [String] {
        let flood = units.name(90)
        try await primeJournal(of: flood)
        try units.write(flood, "ExecStart=/bin/sh -c 'seq -f n=%%.0f 1 \(lines); exec sleep infinity'")
        try Measure.run("/usr/bin/systemctl", ["daemon-reload"])
        var liveRates: [Double] = []
        var replayRates: [Double] = []
        for (label, source) in [("sd-journal", dbus.logs), ("journalctl -f -o json", JournalctlFollow())] as [(String, any LogSource)] {
            try Measure.run("/usr/bin/systemctl", ["stop", flood])
            let anchor = try await dbus.logs.history(of: flood, query: LogQuery(lines: 1)).cursor
            let count = lines
            let live = try await Measure.within(.seconds(180)) {
                try await Self.follow(source, flood, count: count, query: LogQuery(lines: 0, afterCursor: anchor)) {
                    try Measure.run("/usr/bin/systemctl", ["start", flood])
                }
            }
            say("- follow, \(label), live burst of \(lines) lines: \(rate(live)) (journald wrote them in \(live.writeSpan))")
            liveRates.append(live.linesPerSecond)
            let replay = try await Measure.within(.seconds(180)) {
                try await Self.follow(source, flood, count: count, query: LogQuery(lines: 0, afterCursor: anchor)) {}
            }
            say("- follow, \(label), catching up on \(lines) written lines: \(rate(replay))")
            replayRates.append(replay.linesPerSecond)
        }
        recordRates(liveRates, replayRates)
        let ticker = units.name(91)
        try units.write(ticker, "ExecStart=/bin/sh -c 'while :; do echo t=$(date +%%s%%6N); sleep 0.01; done'")
        try Measure.run("/usr/bin/systemctl", ["daemon-reload"])
        var p99s: [Duration] = []
        for (label, source) in [("sd-journal", dbus.logs), ("journalctl -f -o json", JournalctlFollow())] as [(String, any LogSource)] {
            let samples = try await Measure.within(.seconds(120)) { try await Self.latency(source, ticker, samples: 300) }
            p99s.append(Measure.percentile(samples, 99))
            say("- write → consumer latency, \(label): p50 \(Measure.ms(Measure.percentile(samples, 50))), p99 \(Measure.ms(Measure.percentile(samples, 99))) (n=\(samples.count))")
        }
        results.record(Figure(
            figure: "journal follow, write → consumer p99 (sd-journal)", value: Measure.ms(p99s[0]),
            baseline: "journalctl -f -o json: \(Measure.ms(p99s[1]))",
            ratio: ResultsFile.times(Double(p99s[1] / p99s[0])) + " lower", target: "< 50 ms",
            pass: p99s[0] < .milliseconds(50)))
        return []
    }

    /// Gives `unit` one journal entry: the catch-up runs replay from the cursor of its
    /// newest entry, and in a fresh journal it has none (the follow would start at the tail).
    private func primeJournal(of unit: String) async throws {
        guard try await dbus.logs.history(of: unit, query: LogQuery(lines: 1)).entries.isEmpty else { return }
        try units.write(unit, "Type=oneshot\nExecStart=/bin/echo anchor")
        try Measure.run("/usr/bin/systemctl", ["daemon-reload"])
        try Measure.run("/usr/bin/systemctl", ["start", unit])
        for _ in 0..<50 {
            if try await !dbus.logs.history(of: unit, query: LogQuery(lines: 1)).entries.isEmpty { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func recordRates(_ live: [Double], _ replay: [Double]) {
        let liveRatio = live[0] / live[1]
        results.record(Figure(
            figure: "journal follow, live burst of \(lines) lines (sd-journal)", value: String(format: "%.0f lines/s", live[0]),
            baseline: String(format: "journalctl -f -o json: %.0f lines/s", live[1]),
            ratio: ResultsFile.times(liveRatio), target: "≥ 2x", pass: liveRatio >= 2))
        results.record(Figure(
            figure: "journal follow, catching up on \(lines) lines (sd-journal)", value: String(format: "%.0f lines/s", replay[0]),
            baseline: String(format: "journalctl -f -o json: %.0f lines/s", replay[1]),
            ratio: ResultsFile.times(replay[0] / replay[1]), target: "–", pass: nil))
    }

    // MARK: - Throughput

    struct Burst {
        var received: Int
        var elapsed: Duration
        var writeSpan: String

        var seconds: Double { Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18 }
        var linesPerSecond: Double { Double(received) / seconds }
    }

    private func rate(_ burst: Burst) -> String {
        String(format: "%.0f lines/s (%d lines in %.3f s)", burst.linesPerSecond, burst.received, burst.seconds)
    }

    /// Follows until `count` numbered lines arrived; times from the first to the last.
    private static func follow(
        _ source: any LogSource, _ unit: String, count: Int, query: LogQuery, trigger: @Sendable () throws -> Void
    ) async throws -> Burst {
        let stream = source.follow(unit, query: query)
        try await Task.sleep(for: .milliseconds(300))
        try trigger()
        var received = 0
        var first: (ContinuousClock.Instant, UInt64)?
        var lastUsec: UInt64 = 0
        for try await entry in stream where entry.message.hasPrefix("n=") {
            if first == nil { first = (.now, entry.realtimeUsec) }
            received += 1
            lastUsec = entry.realtimeUsec
            if received == count { break }
        }
        let start = first ?? (.now, 0)
        return Burst(received: received, elapsed: .now - start.0,
                     writeSpan: String(format: "%.3f s", Double(lastUsec - start.1) / 1e6))
    }

    // MARK: - Latency

    /// Starts the ticker unit and measures now − the line's own write time for `samples` lines.
    private static func latency(_ source: any LogSource, _ unit: String, samples: Int) async throws -> [Duration] {
        let stream = source.follow(unit, query: LogQuery(lines: 0))
        try await Task.sleep(for: .milliseconds(300))
        try Measure.run("/usr/bin/systemctl", ["start", unit])
        defer { _ = try? Measure.run("/usr/bin/systemctl", ["stop", unit]) }
        var values: [Duration] = []
        var skipped = 0
        for try await entry in stream {
            guard entry.message.hasPrefix("t="), let written = Int64(entry.message.dropFirst(2)) else { continue }
            let now = Int64(Date().timeIntervalSince1970 * 1e6)
            skipped += 1
            guard skipped > 20 else { continue }
            values.append(.microseconds(now - written))
            if values.count == samples { break }
        }
        return values
    }
}
