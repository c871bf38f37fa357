import Foundation
import Kernel
import KernelTestSupport
import Testing
@testable import Kernel

@Suite("Drift: a unit file changed by hand is reported, never silently rewritten")
struct UnitDriftTests {
    let admin = Requester(name: "admin")

    @Test("verdicts from what the agent wrote, what is on disk and what it renders now", arguments: [
        (nil, nil, "new", UnitFileCheck.rewrite),  // a registration cut short
        (nil, "new", "new", .upToDate),
        ("old", "old", "new", .rewrite),  // this version renders it differently; nobody edited it
        ("new", "new", "new", .upToDate),
        ("new", "edited", "new", .drift(.modified)),
        ("new", nil, "new", .drift(.missing)),
    ] as [(String?, String?, String, UnitFileCheck)])
    func verdicts(recorded: String?, onDisk: String?, expected: String, verdict: UnitFileCheck) {
        #expect(UnitFileCheck.verdict(recorded: recorded, onDisk: onDisk, expected: expected) == verdict)
    }

    @Test("edited by hand: one alert, the status says so, a restart of the agent keeps the edit; the admin's rewrite puts it right")
    func editedByHand() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        let app = try await t.kernel.apps.register(t.spec(), actor: admin)
        let path = t.units.filePath(of: app.unitName)
        let edited = try String(contentsOfFile: path, encoding: .utf8) + "\n# edited by hand\n"
        try edited.write(toFile: path, atomically: true, encoding: .utf8)

        await t.kernel.apps.checkUnitFiles()
        await t.kernel.apps.checkUnitFiles()
        #expect(await t.kernel.apps.unitDrifts() == ["shop-api": .modified])
        let alerts = await t.kernel.events.recent(limit: 100).filter { $0.alert == "drift" }
        #expect(alerts.count == 1)
        #expect(alerts.first?.detail?.contains("edited outside the agent") == true)
        let status = await t.kernel.states.observe(try await t.backend.status(of: app.unitName), of: app.name, askedAt: Date())
        #expect(status.drift == .modified)
        // Asked of systemd directly (no fresh monitor pass), the status says so too.
        #expect(await t.kernel.liveStatus(of: app).drift == .modified)
        #expect(try await t.kernel.statuses()["shop-api"]?.drift == .modified)

        // A new agent over the same registry and unit directory reports it too, and leaves the file alone.
        let restarted = AppManager(store: t.store, units: t.units, backend: t.backend, runtimes: t.kernel.runtimes,
                                   events: EventBus(), serializer: KeyedSerializer(), logger: t.kernel.logger)
        try await restarted.bootstrap()
        #expect(await restarted.unitDrifts() == ["shop-api": .modified])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == edited)

        let (_, after) = try await t.kernel.rewriteUnit("shop-api", actor: admin)
        #expect(after.drift == nil)
        #expect(await t.kernel.apps.unitDrifts().isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8) != edited)
        #expect(try await t.kernel.apps.unitText("shop-api").contains("X-SiaxManaged=yes"))
    }

    @Test("deleted by hand: reported as missing; a registration cut short before its unit was written is completed at start-up")
    func deletedAndCutShort() async throws {
        let t = try InMemoryKernel(); defer { t.cleanUp() }
        let app = try await t.kernel.apps.register(t.spec(), actor: admin)
        try FileManager.default.removeItem(atPath: t.units.filePath(of: app.unitName))
        await t.kernel.apps.checkUnitFiles()
        #expect(await t.kernel.apps.unitDrifts() == ["shop-api": .missing])

        // The registry as a crash between its write and the unit's would leave it: no unit text recorded.
        var cutShort = try #require(try t.store.load().first)
        cutShort.unitText = nil
        try t.store.save([cutShort])
        let restarted = AppManager(store: t.store, units: t.units, backend: t.backend, runtimes: t.kernel.runtimes,
                                   events: EventBus(), serializer: KeyedSerializer(), logger: t.kernel.logger)
        try await restarted.bootstrap()
        #expect(await restarted.unitDrifts().isEmpty)
        #expect(FileManager.default.fileExists(atPath: t.units.filePath(of: app.unitName)))
        #expect(try t.store.load().first?.unitText == (try String(contentsOfFile: t.units.filePath(of: app.unitName), encoding: .utf8)))
    }
}
