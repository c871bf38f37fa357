import Foundation
import Kernel
import KernelTestSupport
import Testing
import SystemctlBackend

extension SystemdIntegration {
    @Suite("lifecycle and status")
    struct Lifecycle {
        @Test("start gives a MainPID; restart gives a new one; stop ends it")
        func startRestartStop() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            try await TestUnit.with(backend, "life", service: "ExecStart=/bin/sleep 600") { unit in
                try await backend.start(unit.name)
                let running = try await backend.status(of: unit.name)
                #expect(running.activeState == "active")
                #expect(running.subState == "running")
                let pid = try #require(running.mainPID)
                #expect(FileManager.default.fileExists(atPath: "/proc/\(pid)"))

                try await backend.restart(unit.name)
                let restarted = try await backend.status(of: unit.name)
                #expect(restarted.mainPID != nil)
                #expect(restarted.mainPID != pid)

                try await backend.stop(unit.name)
                let stopped = try await backend.status(of: unit.name)
                #expect(stopped.activeState == "inactive")
                #expect(stopped.mainPID == nil)
            }
        }

        @Test("status of three units (one unknown) is one systemctl call")
        func batchStatus() async throws {
            try SystemdEnvironment.check()
            let (backend, log) = Integration.backend()
            try await TestUnit.with(backend, "batch-a", service: "ExecStart=/bin/sleep 600") { a in
                try await TestUnit.with(backend, "batch-b", service: "ExecStart=/bin/sleep 600") { b in
                    try await backend.start(a.name)
                    let missing = "siax-h3-missing-\(UUID().uuidString.prefix(6).lowercased()).service"
                    let before = log.commands(containing: " show ").count
                    let statuses = try await backend.status(of: [a.name, b.name, missing])
                    #expect(log.commands(containing: " show ").count == before + 1)
                    #expect(statuses[a.name]?.activeState == "active")
                    #expect(statuses[a.name]?.mainPID != nil)
                    #expect(statuses[b.name]?.activeState == "inactive")
                    #expect(statuses[b.name]?.isLoaded == true)
                    #expect(statuses[missing] == .notFound(missing))
                }
            }
        }

        @Test("enable and disable change UnitFileState")
        func enableDisable() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            try await TestUnit.with(backend, "enable", service: "ExecStart=/bin/sleep 600") { unit in
                try await backend.enable(unit.name)
                #expect(try await backend.status(of: unit.name).unitFileState == "enabled")
                try await backend.disable(unit.name)
                #expect(try await backend.status(of: unit.name).unitFileState == "disabled")
            }
        }

        @Test("an unknown unit is notFound for start and stop")
        func unknownUnit() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            let missing = "siax-h3-missing-\(UUID().uuidString.prefix(6).lowercased()).service"
            await #expect { try await backend.start(missing) } throws: { ($0 as? SiaxError)?.code == .notFound }
            await #expect { try await backend.stop(missing) } throws: { ($0 as? SiaxError)?.code == .notFound }
            await #expect { try await backend.statusReport(of: missing) } throws: { ($0 as? SiaxError)?.code == .notFound }
        }

        @Test("systemctl status text of a running unit")
        func statusReport() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            try await TestUnit.with(backend, "report", service: "ExecStart=/bin/sleep 600") { unit in
                try await backend.start(unit.name)
                let report = try await backend.statusReport(of: unit.name)
                #expect(report.unit == unit.name)
                #expect(report.loadState == "loaded")
                #expect(report.activeState == "active")
                #expect(report.mainPID == (try await backend.status(of: unit.name)).mainPID)
                #expect(report.since != nil)
            }
        }

        @Test("state changes are yielded as they happen, by polling", .timeLimit(.minutes(1)))
        func stateChanges() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend(pollInterval: .milliseconds(100))
            try await TestUnit.with(backend, "watch", service: "ExecStart=/bin/sleep 600") { unit in
                let name = unit.name
                var changes = backend.stateChanges(of: { [name] }).makeAsyncIterator()
                /// The states yielded until one is `state` (transitions may show between polls).
                func states(until state: String) async -> [String] {
                    var seen: [String] = []
                    while let change = await changes.next() {
                        seen.append(change.status.activeState)
                        if change.status.activeState == state { break }
                    }
                    return seen
                }
                // The first poll reports the unit as it is; each change after it, as it happens.
                #expect(await states(until: "inactive") == ["inactive"])
                try await backend.start(unit.name)
                #expect(await states(until: "active").last == "active")
                try await backend.stop(unit.name)
                #expect(await states(until: "inactive").last == "inactive")
            }
        }

        @Test("root may act on systemd")
        func privileges() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            let check = await backend.checkPrivileges()
            #expect(check.ok)
            #expect(check.detail.contains("root"))
        }
    }
}
