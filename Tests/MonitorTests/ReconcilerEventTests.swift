import Foundation
import Kernel
import KernelTestSupport
import Monitor
import Testing

@Suite("Reconciler: events, crash loops, discrepancies, the run loop")
struct ReconcilerEventTests {
    func monitored() async throws -> (MonitorKernel, Reconciler) {
        let t = try MonitorKernel()
        try await t.register()
        return (t, Reconciler(kernel: t.kernel, scanner: t.scanner, recheckDelay: .zero))
    }

    func published(_ t: MonitorKernel, _ type: AgentEvent.Kind) async -> [AgentEvent] {
        await t.events().filter { $0.type == type }
    }

    @Test("state events carry the previous state; the first pass only records; no event without a change")
    func stateEvents() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.systemd("inactive", "dead")
        await reconciler.pass()
        #expect(await published(t, .state).isEmpty)

        t.systemd("active", "running", pid: 10)
        t.scanner.set([t.node(pid: 10)])
        await reconciler.pass()
        await reconciler.pass()
        let events = await published(t, .state)
        #expect(events.count == 1)
        #expect(events.first?.app == "shop")
        #expect(events.first?.state == .running)
        #expect(events.first?.previous == .stopped)
    }

    @Test("crashed and zombie raise an alert once, also on the first pass")
    func alerts() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.systemd("inactive", "dead")
        t.scanner.set([t.node(pid: 66, unit: nil)])
        await reconciler.pass()
        await reconciler.pass()
        let alerts = await published(t, .alert)
        #expect(alerts.map(\.alert) == ["zombie"])
        #expect(alerts.first?.detail?.contains("PID 66") == true)

        t.systemd("active", "running", pid: 10)
        t.scanner.set([])
        await reconciler.pass()
        #expect(await published(t, .alert).map(\.alert) == ["zombie", "crashed"])
    }

    @Test("a change to failed is an alert with systemd's reason")
    func failedReason() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.systemd("active", "running", pid: 10)
        t.scanner.set([t.node(pid: 10)])
        await reconciler.pass()
        t.backend.addUnit(UnitStatus(unit: t.unit, activeState: "failed", subState: "failed", result: "exit-code",
                                     execMainStatus: 3, execMainCode: "exited"))
        t.scanner.set([])
        await reconciler.pass()
        let state = try #require(await published(t, .state).last)
        #expect(state.state == .failed)
        #expect(state.detail == "exit code 3")
        #expect(await t.kernel.statusCache.fresh(maxAge: 60)?["shop"]?.reason == "exit code 3")
        let alert = try #require(await published(t, .alert).last)
        #expect(alert.alert == "failed")
        #expect(alert.detail == "exit code 3")
    }

    @Test("a crashed verdict is checked again: a process that was starting during the scan is not a crash")
    func recheck() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.systemd("active", "running", pid: 10)
        t.scanner.queue([], [t.node(pid: 10)])
        #expect(await reconciler.pass()["shop"]?.state == .running)
        #expect(t.scanner.scans == 2)
        #expect(await published(t, .alert).isEmpty)
    }

    @Test("a main process that exists but is not yet the interpreter (systemd between fork and exec) is not a crash")
    func mainProcessBeforeExec() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.systemd("active", "running", pid: 10)
        t.scanner.set([])
        t.scanner.setUnrecognised([10])
        #expect(await reconciler.pass()["shop"]?.state == .running)
        t.scanner.setUnrecognised([])
        #expect(await reconciler.pass()["shop"]?.state == .crashed)
    }

    @Test("crash loop: three restarts within 60 s is an alert; slower restarts are not")
    func crashLoop() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.scanner.set([t.node(pid: 10)])
        let start = Date()
        for (offset, restarts) in [(0.0, 0), (40, 1), (80, 2), (120, 3)] {
            t.systemd("active", "running", pid: 10, restarts: restarts)
            await reconciler.pass(at: start.addingTimeInterval(offset))
        }
        #expect(await published(t, .alert).isEmpty)

        for (offset, restarts) in [(122.0, 4), (124, 5), (126, 6)] {
            t.systemd("active", "running", pid: 10, restarts: restarts)
            await reconciler.pass(at: start.addingTimeInterval(offset))
        }
        let alerts = await published(t, .alert)
        #expect(alerts.map(\.alert) == ["crash_loop"])
        #expect(alerts.first?.detail?.hasPrefix("restarted 3 times within 60 s") == true)
    }

    @Test("crash loop: a jump of several restarts between two passes counts; a reset by hand starts over")
    func crashLoopJump() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.systemd("failed", "failed", restarts: 0)
        await reconciler.pass()
        t.systemd("failed", "failed", restarts: 5, result: "start-limit-hit")
        await reconciler.pass()
        #expect(await published(t, .alert).map(\.alert) == ["crash_loop"])
        t.systemd("active", "running", restarts: 0)
        await reconciler.pass()
        t.systemd("active", "running", restarts: 2)
        await reconciler.pass()
        #expect(await published(t, .alert).filter { $0.alert == "crash_loop" }.count == 1)
    }

    @Test("a crash-loop alert names the last failure, even when the unit has just started again")
    func crashLoopReason() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.scanner.set([t.node(pid: 10)])
        t.systemd("active", "running", pid: 10, restarts: 0)
        await reconciler.pass()
        t.backend.addUnit(UnitStatus(unit: t.unit, activeState: "activating", subState: "auto-restart", restarts: 1,
                                     result: "exit-code", execMainStatus: 3, execMainCode: "exited"))
        await reconciler.pass()
        t.systemd("active", "running", pid: 10, restarts: 3)
        await reconciler.pass()
        let alert = try #require(await published(t, .alert).last)
        #expect(alert.alert == "crash_loop")
        #expect(alert.detail == "restarted 3 times within 60 s; last failure: exit code 3")
    }

    @Test("discrepancies: kind, detail and the first time seen; gone when resolved")
    func discrepancies() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.systemd("inactive", "dead")
        t.scanner.set([t.node(pid: 66, unit: nil)])
        let first = Date()
        var tracker = DiscrepancyTracker()
        let units = ["shop": t.unit]
        tracker.update(await reconciler.pass(at: first), units: units, now: first)
        let later = first.addingTimeInterval(2)
        tracker.update(await reconciler.pass(at: later), units: units, now: later)
        let found = tracker.all
        #expect(found.count == 1)
        #expect(found.first?.appName == "shop")
        #expect(found.first?.kind == .zombie)
        #expect(found.first?.since == first)
        #expect(found.first?.detail.contains("shop.service") == true)

        t.scanner.set([])
        tracker.update(await reconciler.pass(), units: units, now: Date())
        #expect(tracker.all.isEmpty)
    }

    @Test("an unregistered app is forgotten: no status, no stale state")
    func unregistered() async throws {
        let (t, reconciler) = try await monitored(); defer { t.cleanUp() }
        t.systemd("inactive", "dead")
        #expect(await reconciler.pass().keys.sorted() == ["shop"])
        try await t.kernel.delete("shop", actor: Requester(name: "test"))
        #expect(await reconciler.pass().isEmpty)
        #expect(await t.kernel.statusCache.samples(of: "shop").isEmpty)
    }

    @Test("run: a pass every interval until cancelled")
    func runLoop() async throws {
        let t = try MonitorKernel(monitorInterval: 0.02); defer { t.cleanUp() }
        try await t.register()
        let reconciler = Reconciler(kernel: t.kernel, scanner: t.scanner)
        let task = Task { try await reconciler.run() }
        let ran = await eventually { t.scanner.scans >= 3 }
        task.cancel()
        try await task.value
        #expect(ran)
    }
}
