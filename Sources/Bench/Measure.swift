import Foundation

/// Timing helpers: repeat a piece of work and summarise the durations.
enum Measure {
    /// Runs `body` `warmup` times unmeasured, then `count` times, and returns each duration.
    static func repeating(_ count: Int, warmup: Int = 1, _ body: () async throws -> Void) async rethrows -> [Duration] {
        for _ in 0..<warmup { try await body() }
        var samples: [Duration] = []
        for _ in 0..<count {
            let start = ContinuousClock.now
            try await body()
            samples.append(ContinuousClock.now - start)
        }
        return samples
    }

    /// The `p`-th percentile (0–100) of `samples`.
    static func percentile(_ samples: [Duration], _ p: Double) -> Duration {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .zero }
        let index = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count - 1)).rounded())))
        return sorted[index]
    }

    /// Milliseconds of a duration, as text with 2 decimals.
    static func ms(_ duration: Duration) -> String {
        String(format: "%.2f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
    }

    /// `median (p90 …, n=…)` of samples.
    static func summary(_ samples: [Duration]) -> String {
        "median \(ms(percentile(samples, 50))) (p90 \(ms(percentile(samples, 90))), n=\(samples.count))"
    }

    /// Runs `body`, giving up with an error after `limit`.
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw CancellationError()
            }
            return value
        }
    }

    /// Runs a program and waits for it (its output is discarded).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
