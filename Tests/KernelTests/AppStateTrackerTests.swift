import Foundation
import Kernel
import Logging
import Testing

@Suite("AppStateTracker: one decision, one event per transition, in order")
struct AppStateTrackerTests {
    let tracker: AppStateTracker
    let events = EventBus()
    let app = ManagedApp(spec: AppSpec(name: "shop", runtime: "fake", scriptPath: "/srv/shop/main.js", workingDir: "/srv/shop", user: "nobody"), createdAt: Date(), updatedAt: Date())

    init() {
        tracker = AppStateTracker(events: events, statusCache: StatusCache(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    func unit(_ active: String, _ sub: String, pid: Int32? = nil, result: String = "success", code: String? = nil, status: Int32? = nil) -> UnitStatus {
        UnitStatus(unit: "shop.service", activeState: active, subState: sub, mainPID: pid, result: result,
                   execMainStatus: status, execMainCode: code)
    }

    func published(_ type: AgentEvent.Kind) async -> [AgentEvent] {
        await events.recent(limit: 100).filter { $0.type == type }
    }

    @Test("signals and passes share one state: a transition seen by both is one event")
    func oneEventPerTransition() async {
        let start = Date()
        await tracker.observePass([app], units: ["shop.service": unit("inactive", "dead")], processes: [:], askedAt: start)
        await tracker.observe(unit("active", "running", pid: 10), of: "shop", askedAt: start.addingTimeInterval(1))
        let process = ScannedProcess(pid: 10, ppid: 1, uid: 65534, argv: ["node", "main.js"], unit: "shop.service")
        await tracker.observePass([app], units: ["shop.service": unit("active", "running", pid: 10)],
                                  processes: ["shop": AppProcesses(own: [process])], askedAt: start.addingTimeInterval(2))
        let states = await published(.state)
        #expect(states.map(\.state) == [.running])
        #expect(states.first?.previous == .stopped)
    }

    @Test("an older fact never replaces a newer one: a pass that asked before a signal cannot flip the state back")
    func olderFactIgnored() async {
        let start = Date()
        await tracker.observePass([app], units: ["shop.service": unit("active", "running", pid: 10)], processes: nil, askedAt: start)
        await tracker.observe(unit("inactive", "dead"), of: "shop", askedAt: start.addingTimeInterval(2))
        let status = await tracker.observePass([app], units: ["shop.service": unit("active", "running", pid: 10)], processes: nil,
                                               askedAt: start.addingTimeInterval(1))
        #expect(status["shop"]?.state == .stopped)
        #expect(await published(.state).map(\.state) == [.stopped])
    }

    @Test("systemd's view newer than the scan decides liveness by the main PID, not by a scan taken before the start")
    func signalNewerThanScan() async {
        let start = Date()
        await tracker.observePass([app], units: ["shop.service": unit("inactive", "dead")], processes: ["shop": AppProcesses(own: [])], askedAt: start)
        let status = await tracker.observe(unit("active", "running", pid: 42), of: "shop", askedAt: start.addingTimeInterval(1))
        #expect(status.state == .running)
        #expect(status.pid == 42)
        #expect(await published(.alert).isEmpty)
    }

    @Test("kill -9 under Restart=: restarting with systemd's reason, and a crashed alert with it")
    func killedBySignal() async {
        let start = Date()
        await tracker.observePass([app], units: ["shop.service": unit("active", "running", pid: 10)], processes: nil, askedAt: start)
        let status = await tracker.observe(unit("activating", "auto-restart", result: "signal", code: "killed", status: 9), of: "shop",
                                           askedAt: start.addingTimeInterval(1))
        #expect(status.state == .restarting)
        #expect(status.reason == "killed by SIGKILL")
        let state = await published(.state).last
        #expect(state?.previous == .running)
        #expect(state?.detail == "killed by SIGKILL")
        let alerts = await published(.alert)
        #expect(alerts.map(\.alert) == ["crashed"])
        #expect(alerts.first?.detail == "killed by SIGKILL")
    }

    @Test("failed at the start limit is its own alert")
    func startLimit() async {
        let start = Date()
        await tracker.observePass([app], units: ["shop.service": unit("activating", "auto-restart", result: "exit-code", code: "exited", status: 3)],
                                  processes: nil, askedAt: start)
        await tracker.observe(unit("failed", "failed", result: "start-limit-hit"), of: "shop", askedAt: start.addingTimeInterval(1))
        let alerts = await published(.alert)
        #expect(alerts.map(\.alert) == ["start_limit"])
        #expect(alerts.first?.detail == "start limit hit")
    }

    @Test("an app first seen after start-up was stopped: its first run is an event")
    func newAppAfterStartUp() async {
        await tracker.observePass([], units: [:], processes: [:], askedAt: Date())
        await tracker.observe(unit("active", "running", pid: 7), of: "shop", askedAt: Date())
        let states = await published(.state)
        #expect(states.map(\.state) == [.running])
        #expect(states.first?.previous == .stopped)
    }
}

@Suite("AppStatus: stable keys and systemd's reasons")
struct AppStatusTests {
    @Test("every key is encoded, null where unknown")
    func everyKey() throws {
        let stopped = AppStatus(unit: UnitStatus(unit: "a.service", activeState: "inactive", subState: "dead"))
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(stopped)) as? [String: Any])
        #expect(Set(object.keys) == ["state", "active_state", "sub_state", "unit_file_state", "pid", "cpu_percent", "memory_bytes",
                                     "uptime_seconds", "restarts", "since", "result", "reason", "drift"])
        #expect(object["pid"] is NSNull)
        #expect(object["cpu_percent"] is NSNull)
        #expect(object["reason"] is NSNull)
    }

    @Test("failure reasons as people read them", arguments: [
        ("exit-code", "exited", Int32(1), "exit code 1"),
        ("signal", "killed", 9, "killed by SIGKILL"),
        ("core-dump", "dumped", 11, "dumped core (SIGSEGV)"),
        ("timeout", nil, nil, "timed out"),
        ("oom-kill", "killed", 9, "killed by the OOM killer"),
        ("start-limit-hit", nil, nil, "start limit hit"),
        ("resources", nil, nil, "result resources"),
    ] as [(String, String?, Int32?, String)])
    func reasons(result: String, code: String?, status: Int32?, expected: String) {
        let unit = UnitStatus(unit: "a.service", activeState: "failed", subState: "failed", result: result,
                              execMainStatus: status, execMainCode: code)
        #expect(unit.failureReason == expected)
        #expect(AppStatus(unit: unit).reason == expected)
    }

    @Test("a successful run has no reason")
    func noReason() {
        #expect(UnitStatus(unit: "a.service", activeState: "active", subState: "running", mainPID: 3).failureReason == nil)
    }
}
