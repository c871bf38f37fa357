import Foundation
import Kernel
import KernelTestSupport
import Logging
import Testing
@testable import DBusBackend

/// Jobs, status and errors of the D-Bus backend against the sandbox's systemd.
@Suite("D-Bus backend on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct DBusLifecycleTests {
    static let logger = Logger(label: "dbus-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    func backend(timeout: Duration = .seconds(30)) async throws -> DBusBackend {
        try SystemdEnvironment.check()
        return try await DBusBackend(configuration: .init(operationTimeout: timeout), logger: Self.logger)
    }

    @Test("start and stop wait for the job; status has the main PID")
    func startStop() async throws {
        let backend = try await backend()
        let units = TestUnits()
        defer { try? units.removeAll() }
        try units.write("sleep", "ExecStart=/bin/sleep 300")
        try await backend.reload()
        let unit = units.unit("sleep")
        try await backend.start(unit)
        let running = try await backend.status(of: unit)
        #expect(running.activeState == "active")
        #expect(running.subState == "running")
        let pid = try #require(running.mainPID)
        #expect(FileManager.default.fileExists(atPath: "/proc/\(pid)"))
        #expect(running.since != nil)
        try await backend.restart(unit)
        let restarted = try await backend.status(of: unit)
        #expect(restarted.mainPID != nil && restarted.mainPID != pid)
        try await backend.stop(unit)
        let stopped = try await backend.status(of: unit)
        #expect(stopped.activeState == "inactive")
        #expect(stopped.mainPID == nil)
    }

    @Test("a failed start reports systemd's Result and exit status")
    func failedStart() async throws {
        let backend = try await backend()
        let units = TestUnits()
        defer { try? units.removeAll() }
        try units.write("false", "Type=oneshot\nExecStart=/bin/sh -c 'exit 7'")
        try await backend.reload()
        let error = try await #require(throws: SiaxError.self) { try await backend.start(units.unit("false")) }
        #expect(error.code == .operationFailed)
        #expect(error.message.contains("Result=exit-code"), "\(error.message)")
        #expect(error.message.contains("ExecMainStatus=7"), "\(error.message)")
    }

    @Test("missing units: notFound status, notFound errors")
    func missing() async throws {
        let backend = try await backend()
        let statuses = try await backend.status(of: ["siax-no-such-unit.service", "siax-nope-2.service"])
        #expect(statuses["siax-no-such-unit.service"] == .notFound("siax-no-such-unit.service"))
        #expect(statuses.count == 2)
        for operation in [backend.start, backend.stop, backend.resetFailed, backend.enable, backend.disable] {
            let error = try await #require(throws: SiaxError.self) { try await operation("siax-no-such-unit.service") }
            #expect(error.code == .notFound, "\(error)")
        }
    }
}
