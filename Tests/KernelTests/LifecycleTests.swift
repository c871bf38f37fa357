import Foundation
import Testing
import Kernel
import KernelTestSupport

@Suite("Lifecycle: serialised, rate-limited operations")
struct LifecycleTests {
    let op = Requester(name: "operator")

    @Test("start returns the running status and clears a failed state first")
    func start() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: op)
        let status = try await t.kernel.lifecycle.perform(.start, on: "shop-api", actor: op)
        #expect(status.state == .running)
        #expect(status.pid != nil)
        let calls = t.backend.calls
        #expect(calls.firstIndex(of: "reset-failed shop-api.service")! < calls.firstIndex(of: "start shop-api.service")!)
    }

    @Test("the agent's own restart (a health check) never resets systemd's start limit; an operator's does")
    func automaticRestartKeepsStartLimit() async throws {
        let t = try InMemoryKernel(configure: { $0.operationIntervalS = 0 }); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: op)
        _ = try await t.kernel.lifecycle.perform(.restart, on: "shop-api", actor: Requester(name: "health-check", isAutomatic: true))
        #expect(!t.backend.calls.contains("reset-failed shop-api.service"))
        #expect(t.backend.calls.contains("restart shop-api.service"))
        _ = try await t.kernel.lifecycle.perform(.restart, on: "shop-api", actor: op)
        #expect(t.backend.calls.contains("reset-failed shop-api.service"))
    }

    @Test("an operation's state change is published as one state event before its operation event")
    func operationStateEvent() async throws {
        let t = try InMemoryKernel(configure: { $0.operationIntervalS = 0 }); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: op)
        await t.kernel.states.observePass(await t.kernel.apps.list(), units: try await t.backend.status(of: ["shop-api.service"]), processes: nil, askedAt: Date())
        _ = try await t.kernel.lifecycle.perform(.start, on: "shop-api", actor: op)
        _ = try await t.kernel.lifecycle.perform(.stop, on: "shop-api", actor: op)
        let events = await t.kernel.events.recent(limit: 100).filter { $0.type != .operation || $0.operation != "register" }
        #expect(events.map { "\($0.type.rawValue):\($0.state?.rawValue ?? $0.operation ?? "")" }
                == ["state:running", "operation:start", "state:stopped", "operation:stop"])
    }

    @Test("a second operation within the interval is refused with retry-after; name and name.service share it")
    func rateLimit() async throws {
        let t = try InMemoryKernel(configure: { $0.operationIntervalS = 1 }); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: op)
        _ = try await t.kernel.lifecycle.perform(.start, on: "shop-api", actor: op)
        let error = await #expect(throws: SiaxError.self) {
            try await t.kernel.lifecycle.perform(.stop, on: "shop-api.service", actor: op)
        }
        #expect(error?.code == .rateLimited)
        #expect(error?.retryAfterSeconds == 1)
    }

    @Test("operations are allowed again after the interval")
    func afterInterval() async throws {
        let t = try InMemoryKernel(configure: { $0.operationIntervalS = 0.2 }); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: op)
        _ = try await t.kernel.lifecycle.perform(.start, on: "shop-api", actor: op)
        try await Task.sleep(for: .milliseconds(250))
        let status = try await t.kernel.lifecycle.perform(.stop, on: "shop-api", actor: op)
        #expect(status.state == .stopped)
    }

    @Test("an unknown app is not_found, not rate limited")
    func unknown() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        let error = await #expect(throws: SiaxError.self) { try await t.kernel.lifecycle.perform(.start, on: "ghost", actor: op) }
        #expect(error?.code == .notFound)
    }

    @Test("enable and disable are recorded in the registry")
    func enable() async throws {
        let t = try InMemoryKernel(configure: { $0.operationIntervalS = 0.01 }); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: op)
        let status = try await t.kernel.lifecycle.perform(.enable, on: "shop-api", actor: op)
        #expect(status.unitFileState == "enabled")
        #expect(t.store.saved.first?.spec.enabled == true)
    }

    @Test("a failed operation is published as an event with its code")
    func failureEvent() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: op)
        t.backend.fail("start", with: SiaxError(.operationFailed, "Result=exit-code"))
        await #expect(throws: SiaxError.self) { try await t.kernel.lifecycle.perform(.start, on: "shop-api", actor: op) }
        let last = await t.kernel.events.recent(limit: 1).first
        #expect(last?.operation == "start")
        #expect(last?.result == "operation_failed")
    }
}
