import Foundation
import Kernel
import KernelTestSupport
import Monitor
import Synchronization
import Testing

/// Live state on the sandbox's real systemd, with the monitor running as the agent runs it
/// (following systemd's signals on the D-Bus backend, passes on the systemctl backend):
/// every change of an app's state is one `state` event, in order, whatever caused it.
@Suite("Live state: every transition one event", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct LiveStateTests {
    let admin = Requester(name: "integration")

    /// Runs `body` with a node app registered and the monitor running; the app is deleted afterwards.
    func monitoring(
        _ kind: BackendKind, name: String, restart: RestartPolicy = .onFailure,
        _ body: (Harness, AppSpec, StateLog) async throws -> Void
    ) async throws {
        let harness = try Harness(operationInterval: 0, backend: try await kind.make(), monitorInterval: 0.5)
        let dir = try harness.install("node-app")
        let port = Harness.freePort()
        let spec = AppSpec(name: "\(name)-\(kind.rawValue)", runtime: "nodejs", scriptPath: "\(dir)/server.js", workingDir: dir,
                           user: "nobody", environment: ["LINES": "1", "PORT": "\(port)"], port: port, restart: restart)
        try await harness.run(cleaningUp: [spec.name]) {
            let log = await StateLog(harness.kernel.events, app: spec.name)
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            let reconciler = Reconciler(kernel: harness.kernel, scanner: ProcScanner())
            let monitor = Task { try await reconciler.run() }
            defer { monitor.cancel() }
            // The monitor has seen the app (stopped) before the test acts.
            #expect(await eventually { await harness.kernel.statusCache.fresh(maxAge: 60)?[spec.name]?.state == .stopped })
            try await body(harness, spec, log)
        }
    }

    @Test("an API start, stop and restart each produce their state events, in order, ending where systemd is",
          arguments: BackendKind.allCases)
    func operations(_ kind: BackendKind) async throws {
        try await monitoring(kind, name: "it-live-ops") { harness, spec, log in
            _ = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            #expect(await log.waitFor(.running))
            #expect(log.states.first?.previous == .stopped)

            let mark = log.count
            _ = try await harness.kernel.lifecycle.perform(.restart, on: spec.name, actor: admin)
            _ = try await harness.kernel.lifecycle.perform(.stop, on: spec.name, actor: admin)
            #expect(await log.waitFor(.stopped, after: mark))
            log.expectConsistent()
            // What systemd reported of the restart came in its order (a step too short to be read may be missing).
            let seen = log.states.dropFirst(mark).map(\.state)
            if let stopping = seen.firstIndex(of: .stopping), let starting = seen.firstIndex(of: .starting) {
                #expect(stopping < starting, "\(seen)")
            }
        }
    }

    @Test("a hand systemctl stop and a kill -9 produce theirs; the crash carries systemd's reason",
          arguments: BackendKind.allCases)
    func outsideChanges(_ kind: BackendKind) async throws {
        try await monitoring(kind, name: "it-live-hand") { harness, spec, log in
            let started = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            #expect(await log.waitFor(.running))
            _ = try Command.systemctl("stop", spec.unitName)
            #expect(await log.waitFor(.stopped, after: 1))

            let mark = log.count
            _ = try Command.systemctl("start", spec.unitName)
            #expect(await log.waitFor(.running, after: mark))
            let pid = try #require(try await harness.kernel.backend.status(of: spec.unitName).mainPID)
            #expect(pid != started.pid)
            let killed = log.count
            kill(pid, SIGKILL)
            // RestartSec=2 keeps the unit in auto-restart long enough for either path to see it.
            #expect(await log.waitFor(.restarting, after: killed))
            #expect(await log.waitFor(.running, after: killed + 1))
            let restarting = try #require(log.states.dropFirst(killed).first { $0.state == .restarting })
            #expect(restarting.detail == "killed by SIGKILL")
            let alerts = await harness.kernel.events.recent(limit: 1000).filter { $0.type == .alert && $0.app == spec.name }
            #expect(alerts.contains { $0.alert == "crashed" && $0.detail == "killed by SIGKILL" }, "\(alerts)")
            log.expectConsistent()
        }
    }

    @Test("no duplicate over 50 operations: each event's previous is the last event's state", arguments: [BackendKind.dbus])
    func fiftyOperations(_ kind: BackendKind) async throws {
        try await monitoring(kind, name: "it-live-fifty") { harness, spec, log in
            let operations: [Kernel.Operation] = [.start, .restart, .stop]
            var last = Kernel.Operation.stop
            for index in 0..<50 {
                last = operations[index % operations.count]
                _ = try await harness.kernel.lifecycle.perform(last, on: spec.name, actor: admin)
            }
            let final: AppState = last == .stop ? .stopped : .running
            // The last operation's own signals may still be on their way on a loaded machine: wait
            // until the agent has seen systemd's current main process, so every earlier one is in.
            #expect(await eventually {
                let mainPID = try? await harness.kernel.backend.status(of: spec.unitName).mainPID
                let seen = await harness.kernel.statusCache.fresh(maxAge: 3600)?[spec.name]
                return seen?.state == final && seen?.pid == mainPID && log.states.last?.state == final
            }, "\(log.states.map(\.state))")
            // Passes and signals go on for a while: still no duplicate, still the final state.
            try await Task.sleep(for: .seconds(2))
            log.expectConsistent()
            #expect(log.states.last?.state == final, "\(log.states.map(\.state))")
            #expect(log.states.filter { $0.state == .running }.count >= 16, "\(log.states.map(\.state))")
        }
    }

    @Test(
        "an app restarted by its failing health check ends failed at systemd's start limit, with its alert, not restarted past it",
        .aloneOnly("every daemon-reload of other suites resets systemd 252's start-limit counter: run alone"))
    func aloneStartLimitHealthCheckRestart() async throws {
        let harness = try Harness(operationInterval: 0, backend: try await BackendKind.dbus.make(), monitorInterval: 0.5)
        let dir = try harness.install("node-app")
        let port = Harness.freePort()
        // The probe knocks on a port nothing listens on: every check fails, every failure restarts.
        let check = HealthCheck(type: .tcp, port: Harness.freePort(), intervalSeconds: 1, timeoutSeconds: 1, failureThreshold: 1,
                                restartOnFailure: true)
        let spec = AppSpec(name: "it-live-limit", runtime: "nodejs", scriptPath: "\(dir)/server.js", workingDir: dir, user: "nobody",
                           environment: ["LINES": "1", "PORT": "\(port)"], port: port, healthCheck: check)
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            let reconciler = Reconciler(kernel: harness.kernel, scanner: ProcScanner())
            let health = HealthChecker(kernel: harness.kernel, tick: .milliseconds(200))
            let monitor = Task { try await reconciler.run() }
            let checker = Task { try await health.run() }
            defer { monitor.cancel(); checker.cancel() }
            _ = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)

            // StartLimitBurst=5: the operator's start and four health-check restarts; the fifth is refused.
            let limited = await eventually(timeout: .seconds(90)) {
                let unit = try? await harness.kernel.backend.status(of: spec.unitName)
                return unit?.activeState == "failed" && unit?.result == "start-limit-hit"
            }
            #expect(limited)
            // The alert and the refused restart's own event come when the agent reads systemd's
            // answer, which on a loaded machine can be after systemd already shows the unit failed.
            let alerted = await eventually {
                await harness.kernel.events.recent(limit: 1000).contains {
                    $0.type == .alert && $0.app == spec.name && $0.alert == "start_limit" && $0.detail == "start limit hit"
                }
            }
            let alerts = await harness.kernel.events.recent(limit: 1000).filter { $0.type == .alert && $0.app == spec.name }
            #expect(alerted, "\(alerts.map(\.alert))")
            let refused = await eventually {
                await harness.kernel.events.recent(limit: 1000).contains {
                    $0.type == .operation && $0.app == spec.name && $0.actor == HealthChecker.actor.name && $0.result == "operation_failed"
                }
            }
            let operations = await harness.kernel.events.recent(limit: 1000).filter { $0.type == .operation && $0.app == spec.name }
            #expect(refused, "the refused restart is an operation event: \(operations.map { "\($0.actor ?? "-") \($0.operation ?? "-") \($0.result ?? "-")" })")

            // Not restarted past the limit: it stays failed while the checker keeps running.
            try await Task.sleep(for: .seconds(3))
            let after = try await harness.kernel.backend.status(of: spec.unitName)
            #expect(after.activeState == "failed" && after.mainPID == nil, "\(after)")
        }
    }
}

/// The `state` events of one app, collected as they are published.
final class StateLog: Sendable {
    private final class Collected: Sendable {
        let events = Mutex<[AgentEvent]>([])
    }

    private let collected = Collected()
    private let task: Task<Void, Never>

    init(_ events: EventBus, app: String) async {
        let stream = await events.subscribe()
        let collected = collected
        task = Task {
            for await event in stream where event.type == .state && event.app == app {
                collected.events.withLock { $0.append(event) }
            }
        }
    }

    deinit { task.cancel() }

    var states: [AgentEvent] { collected.events.withLock { $0 } }
    var count: Int { states.count }

    /// Waits (up to 30 s) for an event into `state` at or after index `after`.
    func waitFor(_ state: AppState, after index: Int = 0) async -> Bool {
        await eventually { self.states.dropFirst(index).contains { $0.state == state } }
    }

    /// No event repeats the state it leaves, and each starts where the one before ended.
    func expectConsistent(sourceLocation: SourceLocation = #_sourceLocation) {
        let events = states
        for (before, event) in zip(events, events.dropFirst()) {
            #expect(event.previous == before.state, "\(events.map { "\($0.previous?.rawValue ?? "-")→\($0.state?.rawValue ?? "-")" })",
                    sourceLocation: sourceLocation)
        }
        #expect(!events.contains { $0.previous == $0.state }, sourceLocation: sourceLocation)
    }
}
