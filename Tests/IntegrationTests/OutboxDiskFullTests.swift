import CloudReporter
import Foundation
import Kernel
import KernelTestSupport
import Logging
import Testing

/// The cloud reporter's outbox on a disk that fills up and frees again: a tiny tmpfs, seen only
/// in the sandbox's private mount namespace (like StateDiskFullTests).
@Suite("The cloud outbox on a full disk", .serialized, .enabled(if: SystemdEnvironment.shouldRun), .timeLimit(.minutes(3)))
struct OutboxDiskFullTests {
    @Test("full: reports still reach the cloud (the newest from memory), nothing half-written, at most one waiting; freed: the outbox queues and drains again")
    func fullThenFreed() async throws {
        try SystemdEnvironment.check()
        let disk = try TinyDisk("outboxfull", size: "256k")
        defer { disk.remove() }
        let mountPoint = disk.path
        let outboxDir = "\(mountPoint)/state/cloud-outbox"
        let files = { (try? FileManager.default.contentsOfDirectory(atPath: outboxDir)) ?? [] }
        let reports = { files().filter { $0.hasSuffix(".json") } }
        let filler = "\(mountPoint)/filler"
        let cloud = try LocalHTTPServer(.answer(503, reason: "Service Unavailable")); defer { cloud.stop() }
        let log = CapturedLog()
        let base = try InMemoryKernel(
            configure: { config in config.stateDir = "\(mountPoint)/state" },
            logger: Logger(label: "test", factory: { _ in log }))
        defer { base.cleanUp() }
        try await base.register(base.spec("shop"))
        var settings = CloudSettings()
        settings.cloud.url = cloud.url
        settings.cloud.token = "outbox-token"
        settings.cloud.intervalS = 0.2
        let reporter = CloudReporter(kernel: base.kernel, settings: settings, debounce: 0.1, requestTimeout: .seconds(5), tick: .milliseconds(20),
                                     backoffBase: 0.05, backoffCap: 0.2)
        let task = Task { try await reporter.run() }
        defer { task.cancel() }

        // A cloud that fails: reports wait on disk; once it answers, they are delivered.
        #expect(await eventually { reports().count >= 2 })
        cloud.set(.answer(200, reason: "OK"))
        #expect(await eventually { reports().isEmpty && cloud.received.count >= 2 })

        // The disk fills up: reports still go out, from memory; the outbox holds nothing, not even a temporary file.
        _ = try Command.run("/bin/sh", ["-c", "cat /dev/zero > \(filler)"])  // fails at ENOSPC, as meant
        let beforeFull = cloud.received.count
        #expect(await eventually { cloud.received.count >= beforeFull + 3 }, "reports reach the cloud while the disk is full")
        #expect(log.all.contains { $0.contains("not queued on disk") }, "the full disk is logged")
        #expect(files().isEmpty, "nothing half-written in the outbox: \(files())")

        // Full disk and a failing cloud: bounded — one report waits, in memory.
        cloud.set(.answer(503, reason: "Service Unavailable"))
        #expect(await eventually { await reporter.counters().failures >= 3 })
        #expect(await reporter.counters().waiting == 1)
        #expect(files().isEmpty, "\(files())")

        // Space again: the outbox queues reports again, and drains them once the cloud answers.
        try FileManager.default.removeItem(atPath: filler)
        #expect(await eventually { reports().count >= 2 }, "reports are queued on disk again")
        let beforeRecovery = cloud.set(.answer(200, reason: "OK"))
        #expect(await eventually { reports().isEmpty && cloud.received.count >= beforeRecovery + 2 })
        #expect(await eventually { await reporter.counters().failures == 0 })
        for request in cloud.received.suffix(3) {
            #expect(request.json?["agent_id"] is String, "a whole report: \(String(decoding: request.body, as: UTF8.self).prefix(200))")
        }
    }
}
