import Foundation
import Kernel
import Logging
import Testing
@testable import DBusBackend

/// Pieces of the D-Bus backend that need no systemd.
@Suite("D-Bus backend pieces")
struct UnitTests {
    // MARK: - Object paths and match rules

    @Test("unit names map to systemd's object paths and back")
    func objectPaths() {
        #expect(SystemdBus.unitPath("shop-api.service") == "/org/freedesktop/systemd1/unit/shop_2dapi_2eservice")
        #expect(SystemdBus.unitPath("a@b\\x2dc.service") == "/org/freedesktop/systemd1/unit/a_40b_5cx2dc_2eservice")
        #expect(SystemdBus.unitName(ofPath: "/org/freedesktop/systemd1/unit/shop_2dapi_2eservice") == "shop-api.service")
        #expect(SystemdBus.unitName(ofPath: "/org/freedesktop/systemd1") == nil)
    }

    @Test("PropertiesChanged of every unit object is one match rule (dbus-daemon allows 512 per connection)")
    func matchRule() {
        let rule = SystemdBus.unitPropertiesChangedRule
        #expect(rule.contains("path_namespace='/org/freedesktop/systemd1/unit'"))
        #expect(rule.contains("member='PropertiesChanged'"))
    }

    // MARK: - Journal matches

    @Test("journal matches select a unit like journalctl -u, then the priority")
    func journalMatches() {
        let terms = JournalMatch.terms(unit: "a.service", maxPriority: 3)
        #expect(terms.first == .field("_SYSTEMD_UNIT=a.service"))
        #expect(terms.contains(.field("UNIT=a.service")))
        let afterAnd = terms.split(separator: .and).last.map(Array.init) ?? []
        #expect(afterAnd == (0...3).map { .field("PRIORITY=\($0)") })
        #expect(!JournalMatch.terms(unit: "a.service", maxPriority: nil).contains(.and))
        #expect(JournalMatch.terms(unit: "a", maxPriority: 99).filter { if case .field(let f) = $0 { f.hasPrefix("PRIORITY") } else { false } }.count == 8)
    }

    // MARK: - Errors

    @Test("bus errors become the Kernel's codes, access denied with the polkit rule")
    func errorMapping() {
        let mapping = ErrorMapping(hints: PolkitHints(user: "siax"))
        func code(_ name: String) -> SiaxError.Code? {
            (mapping.error(DBusError(name: name, message: "m"), action: "start of x.service") as? SiaxError)?.code
        }
        #expect(code("org.freedesktop.DBus.Error.AccessDenied") == .permissionDenied)
        #expect(code("org.freedesktop.DBus.Error.InteractiveAuthorizationRequired") == .permissionDenied)
        #expect(code("org.freedesktop.systemd1.NoSuchUnit") == .notFound)
        #expect(code(DBusError.disconnectedName) == .backendUnavailable)
        #expect(code("org.freedesktop.DBus.Error.ServiceUnknown") == .backendUnavailable)
        #expect(code("org.freedesktop.DBus.Error.NoReply") == .timeout)
        #expect(code("org.freedesktop.systemd1.UnitMasked") == .operationFailed)
        let denied = mapping.error(DBusError(name: "org.freedesktop.DBus.Error.AccessDenied", message: "no"), action: "start of x.service")
        let message = (denied as? SiaxError)?.message ?? ""
        #expect(message.contains("/etc/polkit-1/rules.d/50-siax-agent.rules"))
        #expect(message.contains("subject.user == \"siax\""))
        #expect(message.contains("org.freedesktop.systemd1.manage-units"))
    }

    @Test("job failures carry Result, ExecMainStatus and the way out of start-limit-hit")
    func jobFailures() {
        let mapping = ErrorMapping(hints: PolkitHints(user: "siax"))
        let failed = UnitStatus(unit: "x.service", activeState: "failed", subState: "failed", result: "exit-code", execMainStatus: 3, execMainCode: "exited")
        let error = mapping.jobFailure(action: "start of x.service", unit: "x.service", result: "failed", status: failed, startLimit: nil)
        #expect(error.code == .operationFailed)
        #expect(error.message.contains("Result=exit-code, ExecMainStatus=3 (exited), state failed/failed"))
        var limited = failed
        limited.result = "start-limit-hit"
        let limit = mapping.jobFailure(action: "start of x.service", unit: "x.service", result: "failed", status: limited, startLimit: (5, 60_000_000))
        #expect(limit.message.contains("systemctl reset-failed x.service"))
        #expect(limit.message.contains("more than 5 starts within 60 s"))
        #expect(mapping.jobFailure(action: "a", unit: "x", result: "timeout", status: nil, startLimit: nil).code == .timeout)
        #expect(mapping.jobFailure(action: "a", unit: "x", result: "dependency", status: nil, startLimit: nil).message.contains("depends on"))
    }

    // MARK: - Properties

    @Test("service properties fill a status; 0 and UINT64_MAX mean unknown")
    func properties() {
        var status = UnitStatus(unit: "x.service", activeState: "active", subState: "running")
        StatusReader.apply([
            "MainPID": .uint(42), "NRestarts": .uint(3), "Result": .string("success"),
            "ExecMainStartTimestamp": .uint(1_700_000_000_000_000), "MemoryCurrent": .uint(.max),
            "ExecMainCode": .int(0), "ExecMainStatus": .int(0),
        ], to: &status)
        #expect(status.mainPID == 42)
        #expect(status.restarts == 3)
        #expect(status.since == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(status.memoryCurrent == nil)
        #expect(status.execMainCode == nil && status.execMainStatus == nil)
        StatusReader.apply(["MainPID": .uint(0), "ExecMainCode": .int(2), "ExecMainStatus": .int(9), "MemoryCurrent": .uint(4096)], to: &status)
        #expect(status.mainPID == nil)
        #expect(status.execMainCode == "killed" && status.execMainStatus == 9)
        #expect(status.memoryCurrent == 4096)
    }

    @Test("a unit's cgroup path follows its slice")
    func cgroupPaths() {
        #expect(CgroupFile.cgroupPath(unit: "x.service", slice: "system.slice") == "/system.slice/x.service")
        #expect(CgroupFile.cgroupPath(unit: "x.service", slice: "a-b.slice") == "/a.slice/a-b.slice/x.service")
        #expect(CgroupFile.cgroupPath(unit: "x.service", slice: "-.slice") == "/x.service")
    }

    @Test("a cgroup figure: the number a file starts with, or the one after its key at a line's start")
    func cgroupNumbers() {
        func number(_ text: String, _ key: String?) -> UInt64? {
            Array(text.utf8).withUnsafeBufferPointer { CgroupFile.number(in: $0, after: key.map { Array($0.utf8) + [0x20] }) }
        }
        #expect(number("36200448\n", nil) == 36_200_448)
        #expect(number("max\n", nil) == nil)
        let stat = "usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\n"
        #expect(number(stat, "usage_usec") == 1_234_567)
        #expect(number(stat, "system_usec") == 234_567)
        #expect(number(stat, "usec") == nil)
        #expect(number("", "usage_usec") == nil)
    }

    @Test("call arguments have D-Bus signatures")
    func signatures() {
        let subject = BusArgument.structure([.string("unix-process"), .variantDictionary([("pid", .uint32(1))])])
        #expect(subject.signature == "(sa{sv})")
        #expect(BusArgument.strings([]).signature == "as")
        #expect(BusArgument.stringDictionary([]).signature == "a{ss}")
    }

    // MARK: - Job tracker

    @Test("a job that ended before the wait began is still reported")
    func jobTracker() async throws {
        let tracker = JobTracker()
        tracker.expect("/job/1")
        tracker.finish("/job/1", result: "done")
        tracker.finish("/job/unrelated", result: "failed")
        let result = try await tracker.result(of: "/job/1", until: .now + .seconds(5), timeoutError: SiaxError(.timeout, "t"))
        #expect(result == "done")
        tracker.expect("/job/2")
        let timedOut = await #expect(throws: SiaxError.self) {
            try await tracker.result(of: "/job/2", until: .now + .milliseconds(50), timeoutError: SiaxError(.timeout, "t"))
        }
        #expect(timedOut?.code == .timeout)
        tracker.expect("/job/3")
        tracker.failAll(with: SiaxError(.backendUnavailable, "gone"))
        let gone = await #expect(throws: SiaxError.self) {
            try await tracker.result(of: "/job/3", until: .now + .seconds(5), timeoutError: SiaxError(.timeout, "t"))
        }
        #expect(gone?.code == .backendUnavailable)
    }

    // MARK: - Connecting

    @Test("the backend fails fast with backend_unavailable when the system bus is not there")
    func noBus() async throws {
        guard !FileManager.default.fileExists(atPath: "/run/dbus/system_bus_socket") else { return }
        let start = ContinuousClock.now
        let error = await #expect(throws: SiaxError.self) {
            _ = try await DBusBackend(logger: .init(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        }
        #expect(error?.code == .backendUnavailable)
        #expect(ContinuousClock.now - start < .seconds(1))
    }
}
