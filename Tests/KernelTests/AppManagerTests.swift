import Foundation
import Testing
import Kernel
import KernelTestSupport

@Suite("AppManager keeps registry and units consistent")
struct AppManagerTests {
    let admin = Requester(name: "test-admin")

    @Test("register writes the unit, reloads, saves the registry, and does not start")
    func register() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        let app = try await t.kernel.apps.register(t.spec(), actor: admin)
        #expect(app.unitName == "shop-api.service")
        #expect(t.units.read("shop-api.service").map(UnitRenderer.isManaged) == true)
        #expect(t.store.saved.map(\.name) == ["shop-api"])
        #expect(t.backend.calls.contains("reload"))
        #expect(!t.backend.calls.contains { $0.hasPrefix("start") })
    }

    @Test("an enabled app is registered with one reload of systemd: enable's own")
    func registerEnabled() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        var spec = t.spec()
        spec.enabled = true
        _ = try await t.kernel.apps.register(spec, actor: admin)
        #expect(t.backend.calls.filter { $0 == "reload" || $0.hasPrefix("enable") } == ["enable shop-api.service"])
    }

    @Test("a validation failure writes nothing")
    func invalid() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        var spec = t.spec()
        spec.user = "no-such-user-siax"
        await #expect(throws: SiaxError.self) { try await t.kernel.apps.register(spec, actor: admin) }
        #expect(t.units.read("shop-api.service") == nil)
        #expect(t.store.saveCount == 0)
        #expect(t.backend.calls.isEmpty)
    }

    @Test("a unit file the agent did not write is refused with 409 and left untouched")
    func foreignFile() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        let foreign = "[Unit]\nDescription=hand-written\n"
        try foreign.write(toFile: "\(t.unitDir)/shop-api.service", atomically: true, encoding: .utf8)
        let error = await #expect(throws: SiaxError.self) { try await t.kernel.apps.register(t.spec(), actor: admin) }
        #expect(error?.code == .conflict)
        #expect(error?.field == "name")
        #expect(t.units.read("shop-api.service") == foreign)
        #expect(t.store.saveCount == 0)
    }

    @Test("a name systemd already knows from elsewhere is refused with 409")
    func vendorUnit() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        t.backend.addUnit(UnitStatus(unit: "dbus.service", activeState: "active", subState: "running"))
        var spec = t.spec("dbus")
        spec.port = nil
        let error = await #expect(throws: SiaxError.self) { try await t.kernel.apps.register(spec, actor: admin) }
        #expect(error?.code == .conflict)
        #expect(t.units.read("dbus.service") == nil)
    }

    @Test("a full disk leaves no unit and no registry entry")
    func fullDisk() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        t.store.failSaves(true)
        await #expect(throws: SiaxError.self) { try await t.kernel.apps.register(t.spec(), actor: admin) }
        #expect(t.units.read("shop-api.service") == nil)
        #expect(await t.kernel.apps.list().isEmpty)
    }

    @Test("a failed daemon-reload rolls the registration back")
    func reloadFails() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        t.backend.fail("reload", with: SiaxError(.permissionDenied, "no"))
        await #expect(throws: SiaxError.self) { try await t.kernel.apps.register(t.spec(), actor: admin) }
        #expect(t.units.read("shop-api.service") == nil)
        #expect(t.store.saved.isEmpty)
        #expect(await t.kernel.apps.list().isEmpty)
    }

    @Test("delete stops, disables, removes the unit and forgets the app")
    func delete() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: admin)
        try await t.kernel.delete("shop-api.service", actor: admin)
        #expect(t.units.read("shop-api.service") == nil)
        #expect(t.store.saved.isEmpty)
        #expect(t.backend.calls.contains("stop shop-api.service"))
        #expect(t.backend.calls.contains("disable shop-api.service"))
        let missing = await #expect(throws: SiaxError.self) { try await t.kernel.apps.get("shop-api") }
        #expect(missing?.code == .notFound)
    }

    @Test("a failed stop during delete keeps the app and its unit")
    func deleteFails() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: admin)
        t.backend.fail("stop", with: SiaxError(.timeout, "stuck"))
        await #expect(throws: SiaxError.self) { try await t.kernel.delete("shop-api", actor: admin) }
        #expect(t.units.read("shop-api.service") != nil)
        #expect(t.store.saved.map(\.name) == ["shop-api"])
    }

    @Test("update rewrites the unit; a failure restores the old spec and unit")
    func update() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: admin)
        let before = t.units.read("shop-api.service")
        var spec = t.spec(environment: ["MODE": "blue"])
        _ = try await t.kernel.apps.update("shop-api", spec: spec, actor: admin)
        #expect(t.units.read("shop-api.service")?.contains("MODE=blue") == true)

        spec.environment = ["MODE": "green"]
        t.backend.fail("reload", with: SiaxError(.backendUnavailable, "bus gone"))
        await #expect(throws: SiaxError.self) { try await t.kernel.apps.update("shop-api", spec: spec, actor: admin) }
        #expect(t.units.read("shop-api.service")?.contains("MODE=blue") == true)
        #expect(t.store.saved.first?.spec.environment == ["MODE": "blue"])
        #expect(before != t.units.read("shop-api.service"))
    }

    @Test("bootstrap reports a unit deleted by hand (drift) instead of writing it again behind the operator's back")
    func bootstrap() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        _ = try await t.kernel.apps.register(t.spec(), actor: admin)
        try FileManager.default.removeItem(atPath: "\(t.unitDir)/shop-api.service")

        let restarted = AgentKernel(
            config: t.kernel.config, runtimes: t.kernel.runtimes, backend: t.backend, store: t.store,
            logger: t.kernel.logger, sandbox: true)
        try await restarted.apps.bootstrap()
        #expect(t.units.read("shop-api.service") == nil)
        #expect(await restarted.apps.unitDrifts() == ["shop-api": .missing])
        #expect(await restarted.apps.list().map(\.name) == ["shop-api"])
    }
}
