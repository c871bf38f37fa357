import Foundation
import Kernel

extension SystemctlBackend {
    // MARK: - State changes

    /// Polls the units' status every `pollInterval` (one `systemctl show` per
    /// poll) and yields a unit's status when first seen and whenever it
    /// changes; memory use alone is not a change. Ends when the consumer stops.
    public func stateChanges(of units: @escaping @Sendable () async -> [String]) -> AsyncStream<UnitStateChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: UnitStateChange.self)
        let interval = configuration.pollInterval
        let task = Task {
            var last: [String: UnitStatus] = [:]
            while !Task.isCancelled {
                let names = await units()
                do {
                    let askedAt = Date()
                    let statuses = try await status(of: names)
                    for change in Self.changes(from: last, to: statuses, askedAt: askedAt) { continuation.yield(change) }
                    last = statuses.mapValues(Self.withoutNoise)
                } catch {
                    logger.warning("polling unit status failed: \(error)")
                }
                try? await Task.sleep(for: interval)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The units whose status differs from the last one seen (or that are new), in name order.
    static func changes(from last: [String: UnitStatus], to current: [String: UnitStatus], askedAt: Date) -> [UnitStateChange] {
        current.keys.sorted().compactMap { name in
            let status = current[name]!
            return last[name] == withoutNoise(status) ? nil : UnitStateChange(status: status, askedAt: askedAt)
        }
    }

    /// A status without the values that change on every poll.
    static func withoutNoise(_ status: UnitStatus) -> UnitStatus {
        var status = status
        status.memoryCurrent = nil
        status.cpuPercent = nil
        return status
    }
}
