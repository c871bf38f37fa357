import Foundation
import Kernel
import KernelTestSupport
import Logging
import Testing
@testable import DBusBackend

/// Signals and reconnection of the D-Bus backend against the sandbox's systemd.
@Suite("D-Bus signals and reconnects", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct DBusEventTests {
    func backend() async throws -> DBusBackend {
        try SystemdEnvironment.check()
        return try await DBusBackend(configuration: .init(operationTimeout: .seconds(30)), logger: DBusLifecycleTests.logger)
    }

    /// Collects the stream's active states of `unit` until `done` says so, or `timeout` passes.
    /// `firstSeen`, when given, is told (and finished) once the first state is in.
    func collect(
        _ stream: AsyncStream<UnitStateChange>, unit: String, timeout: Duration,
        firstSeen: AsyncStream<Void>.Continuation? = nil, done: @escaping @Sendable ([String]) -> Bool
    ) -> Task<[String], Never> {
        Task {
            defer { firstSeen?.finish() }
            return await withTaskGroup(of: [String]?.self) { group in
                group.addTask {
                    var states: [String] = []
                    for await change in stream where change.status.unit == unit {
                        states.append("\(change.status.activeState)/\(change.status.subState)")
                        if states.count == 1 { firstSeen?.finish() }
                        if done(states) { break }
                    }
                    return states
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first ?? []
            }
        }
    }

    @Test("state changes arrive from signals: with the list refresh an hour away, a start is still reported")
    func signalsNotPolling() async throws {
        let backend = try await backend()
        let units = TestUnits()
        defer { try? units.removeAll() }
        let unit = units.unit("watched")
        try units.write("watched", "ExecStart=/bin/sleep 300")
        try await backend.reload()
        // No timer can deliver the change within the test: only systemd's signals can.
        let stream = UnitStateStream(connection: backend.connection, reader: backend.reader, listRefreshInterval: .seconds(3600))
            .changes(of: { [unit] })
        let (firstSeen, first) = AsyncStream.makeStream(of: Void.self)
        let seen = collect(stream, unit: unit, timeout: .seconds(60), firstSeen: first) { $0.contains("active/running") }
        // The first state is read after the unit's signal match is in place: from then on a change cannot be missed.
        for await _ in firstSeen {}
        try await backend.start(unit)
        let states = await seen.value
        #expect(states.first == "inactive/dead", "\(states)")
        #expect(states.last == "active/running", "\(states)")
    }

    @Test(
        "dbus-daemon restart: the operation in flight fails with backend_unavailable, then everything resumes",
        .aloneOnly("restarts dbus-daemon, which disturbs every suite beside it: run alone"))
    func aloneReconnect() async throws {
        let backend = try await backend()
        let units = TestUnits()
        defer { try? units.removeAll() }
        let slow = units.unit("slow")
        let after = units.unit("after")
        try units.write("slow", "ExecStartPre=/bin/sleep 3\nExecStart=/bin/sleep 300")
        try units.write("after", "ExecStart=/bin/sleep 300")
        try await backend.reload()
        let stream = backend.stateChanges(of: { [after] })
        let seen = collect(stream, unit: after, timeout: .seconds(90)) { $0.contains("active/running") }

        let inFlight = Task { try await backend.start(slow) }
        // The start is in flight once systemd runs its 3 s ExecStartPre.
        #expect(await eventually { (try? Systemd.systemctl("is-active", slow))?.output.hasPrefix("activating") == true })
        try Systemd.systemctl("restart", "dbus.service")
        let error = await #expect(throws: SiaxError.self) { try await inFlight.value }
        #expect(error?.code == .backendUnavailable, "\(String(describing: error))")

        let back = await eventually { (try? await backend.status(of: slow)) != nil }
        #expect(back, "the backend did not reconnect")
        try await backend.start(after)
        let states = await seen.value
        #expect(states.last == "active/running", "\(states)")
    }
}
