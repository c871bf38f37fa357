import Foundation
import Logging

/// Registers, updates, unregisters and lists apps, keeping the registry on
/// disk and the unit files the agent owns in step with it.
///
/// Invariant: the registry entry is written before an app's unit file is
/// created and removed after it is deleted, so a crash at any point never
/// leaves a managed unit that the registry does not know; start-up
/// (`bootstrap`) writes the unit of a registration that was cut short.
///
/// Each entry records the unit text the agent last wrote; a file that differs
/// from it was changed by hand. Such drift is reported (an alert, the app's
/// status, the cloud report) and never silently overwritten: `rewriteUnit`
/// is the explicit way back.
public actor AppManager {
    private let store: any RegistryStore
    private let units: UnitDirectory
    private let backend: any ServiceBackend
    private let runtimes: RuntimeCatalog
    private let renderer: UnitRenderer
    private let validator: SpecValidator
    private let events: EventBus
    private let serializer: KeyedSerializer
    private let logger: Logger
    private var apps: [String: ManagedApp] = [:] {
        didSet { sortedApps = nil }
    }
    /// `apps` sorted by name, kept until the next change (the monitor and the API list often).
    private var sortedApps: [ManagedApp]?
    /// Apps whose unit file was changed by hand.
    private var drifts: [String: UnitDrift] = [:]

    public init(
        store: any RegistryStore, units: UnitDirectory, backend: any ServiceBackend, runtimes: RuntimeCatalog,
        renderer: UnitRenderer = UnitRenderer(), events: EventBus, serializer: KeyedSerializer, logger: Logger,
        allowRootApps: Bool = false
    ) {
        self.store = store
        self.units = units
        self.backend = backend
        self.runtimes = runtimes
        self.renderer = renderer
        self.validator = SpecValidator(runtimes: runtimes, allowRoot: allowRootApps)
        self.events = events
        self.serializer = serializer
        self.logger = logger
    }

    // MARK: - Queries

    /// Every registered app, by name.
    public func list() -> [ManagedApp] {
        if let sortedApps { return sortedApps }
        let sorted = apps.values.sorted { $0.name < $1.name }
        sortedApps = sorted
        return sorted
    }

    /// One app, or `not_found`.
    public func get(_ name: String) throws -> ManagedApp {
        guard let app = apps[Self.appName(name)] else { throw SiaxError.appNotFound(name) }
        return app
    }

    /// The unit text the agent generated for an app, as on disk.
    public func unitText(_ name: String) throws -> String {
        let app = try get(name)
        guard let text = units.read(app.unitName) else {
            throw SiaxError(.notFound, "the unit file of '\(app.name)' is missing; restart the agent to regenerate it")
        }
        return text
    }

    /// The unit a spec would produce, after validation (nothing is written).
    public func render(_ spec: AppSpec) throws -> String {
        try renderer.render(spec, runtime: try validator.validate(spec))
    }

    /// `shop-api.service` → `shop-api`: both forms name the same app.
    public static func appName(_ nameOrUnit: String) -> String {
        nameOrUnit.hasSuffix(".service") ? String(nameOrUnit.dropLast(".service".count)) : nameOrUnit
    }

    // MARK: - Start-up

    /// Loads the registry and re-renders every unit that is missing or differs.
    public func bootstrap() async throws {
        let loaded = try store.load()
        apps = Dictionary(loaded.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var rewritten = false
        for app in list() {
            guard let runtime = runtimes[app.spec.runtime] else {
                logger.error("app \(app.name): runtime '\(app.spec.runtime)' is not loaded; its unit is left as it is")
                continue
            }
            do {
                let expected = try renderer.render(app.spec, runtime: runtime)
                switch UnitFileCheck.verdict(recorded: app.unitText, onDisk: units.read(app.unitName), expected: expected) {
                case .upToDate:
                    if app.unitText == nil { try recordWritten(app, expected) }
                case .rewrite:
                    try units.write(app.unitName, contents: expected)
                    try recordWritten(app, expected)
                    logger.notice("app \(app.name): unit file written from the registry (a change was cut short, or this version renders it differently)")
                    rewritten = true
                case .drift(let drift):
                    await noteDrift(drift, of: app)
                }
            } catch {
                logger.error("app \(app.name): cannot check or regenerate its unit: \(error)")
            }
        }
        if rewritten { try await backend.reload() }
        logger.info("registry loaded: \(apps.count) app(s)")
    }

    // MARK: - Drift

    /// Apps whose unit file was changed by hand, by name.
    public func unitDrifts() -> [String: UnitDrift] {
        drifts
    }

    /// Compares every unit file with what the agent wrote: reports new drift
    /// once (an alert), and forgets drift that was put right by hand.
    public func checkUnitFiles() async {
        for app in list() {
            guard let recorded = app.unitText else { continue }  // a change is in flight
            let check = UnitFileCheck.verdict(recorded: recorded, onDisk: units.read(app.unitName), expected: recorded)
            if case .drift(let drift) = check {
                await noteDrift(drift, of: app)
            } else if drifts.removeValue(forKey: app.name) != nil {
                logger.notice("app \(app.name): its unit file is again what the agent wrote")
            }
        }
    }

    /// Writes an app's unit again from the registry (an admin's explicit answer to drift) and reloads systemd.
    public func rewriteUnit(_ name: String, actor: Requester) async throws -> ManagedApp {
        let name = Self.appName(name)
        return try await serializer.run(name) {
            try await self.rewriteUnitNow(name, actor: actor)
        }
    }

    private func rewriteUnitNow(_ name: String, actor: Requester) async throws -> ManagedApp {
        let app = try get(name)
        do {
            let text = try renderer.render(app.spec, runtime: try validator.validate(app.spec))
            try units.write(app.unitName, contents: text)
            try await backend.reload()
            let written = try recordWritten(app, text)
            drifts[name] = nil
            logger.notice("app \(name): unit file written again from the registry by \(actor.name)")
            await events.publishOperation("rewrite_unit", on: name, by: actor, error: nil)
            return written
        } catch {
            await events.publishOperation("rewrite_unit", on: name, by: actor, error: error)
            throw error
        }
    }

    private func noteDrift(_ drift: UnitDrift, of app: ManagedApp) async {
        guard drifts.updateValue(drift, forKey: app.name) != drift else { return }
        let detail = drift.detail(path: units.filePath(of: app.unitName), app: app.name)
        logger.warning("app \(app.name): \(detail)")
        await events.publish(AgentEvent(type: .alert, app: app.name, alert: "drift", detail: detail))
    }

    /// Records that `text` is the app's unit file as the agent wrote it.
    @discardableResult
    private func recordWritten(_ app: ManagedApp, _ text: String) throws -> ManagedApp {
        var written = apps[app.name] ?? app
        written.unitText = text
        try save(replacing: written)
        return written
    }

    // MARK: - Changes

    /// Validates, records, writes the unit and reloads systemd; enables it if asked. Does not start it.
    public func register(_ spec: AppSpec, actor: Requester) async throws -> ManagedApp {
        try await serializer.run(spec.name) {
            try await self.registerNow(spec, actor: actor)
        }
    }

    /// Replaces an app's spec and rewrites its unit (the app keeps running the old one until restarted).
    public func update(_ name: String, spec: AppSpec, actor: Requester) async throws -> ManagedApp {
        let name = Self.appName(name)
        guard spec.name == name else {
            throw SiaxError.invalid("name", "the spec's name '\(spec.name)' differs from the app's name '\(name)'; names cannot change")
        }
        return try await serializer.run(name) {
            try await self.updateNow(spec, actor: actor)
        }
    }

    /// Stops, disables and removes the app's unit, then forgets the app.
    public func unregister(_ name: String, actor: Requester) async throws {
        let name = Self.appName(name)
        try await serializer.run(name) {
            try await self.unregisterNow(name, actor: actor)
        }
    }

    /// Records whether the app is enabled (after `Lifecycle` enabled or disabled it).
    public func recordEnabled(_ name: String, _ enabled: Bool) throws {
        var app = try get(name)
        guard app.spec.enabled != enabled else { return }
        app.spec.enabled = enabled
        app.updatedAt = Date()
        try save(replacing: app)
    }

    // MARK: - Implementation

    private func registerNow(_ spec: AppSpec, actor: Requester) async throws -> ManagedApp {
        let runtime = try validator.validate(spec)
        guard apps[spec.name] == nil else {
            throw SiaxError(.conflict, "an app named '\(spec.name)' is already registered", field: "name")
        }
        try await refuseForeignUnit(spec.unitName)
        let text = try renderer.render(spec, runtime: runtime)
        let now = Date()
        let app = ManagedApp(spec: spec, createdAt: now, updatedAt: now)

        try save(replacing: app)
        let registered: ManagedApp
        do {
            try units.write(app.unitName, contents: text)
            registered = try recordWritten(app, text)
            // enable reloads systemd itself (ServiceBackend.enable).
            try await spec.enabled ? backend.enable(app.unitName) : backend.reload()
        } catch {
            await rollBackRegistration(of: app)
            await events.publishOperation("register", on: app.name, by: actor, error: error)
            throw error
        }
        logger.info("registered app \(app.name) (\(spec.runtime)) by \(actor.name)")
        await events.publishOperation("register", on: app.name, by: actor, error: nil)
        return registered
    }

    private func updateNow(_ spec: AppSpec, actor: Requester) async throws -> ManagedApp {
        let old = try get(spec.name)
        let text = try renderer.render(spec, runtime: try validator.validate(spec))
        let oldText = units.read(old.unitName)
        var app = old
        app.spec = spec
        app.updatedAt = Date()
        app.unitText = nil  // in flight until the new file is written

        try save(replacing: app)
        do {
            try units.write(app.unitName, contents: text)
            app = try recordWritten(app, text)
            drifts[app.name] = nil
            // enable and disable reload systemd themselves (ServiceBackend.enable, .disable).
            switch (old.spec.enabled, spec.enabled) {
            case (false, true): try await backend.enable(app.unitName)
            case (true, false): try await backend.disable(app.unitName)
            default: try await backend.reload()
            }
        } catch {
            try? save(replacing: old)
            if let oldText { try? units.write(old.unitName, contents: oldText) }
            try? await backend.reload()
            await events.publishOperation("update", on: app.name, by: actor, error: error)
            throw error
        }
        logger.info("updated app \(app.name) by \(actor.name)")
        await events.publishOperation("update", on: app.name, by: actor, error: nil)
        return app
    }

    private func unregisterNow(_ name: String, actor: Requester) async throws {
        let original = try get(name)
        var app = original
        let unit = app.unitName
        do {
            // In flight: a deletion cut short leaves a registry entry whose unit start-up writes again.
            app.unitText = nil
            try save(replacing: app)
            try await ignoringNotFound { try await self.backend.stop(unit) }
            try await ignoringNotFound { try await self.backend.disable(unit) }
            try units.remove(unit)
            try await backend.reload()
            try? await backend.resetFailed(unit)
        } catch {
            if units.exists(unit) { try? save(replacing: original) }
            await events.publishOperation("delete", on: name, by: actor, error: error)
            throw error
        }
        apps[name] = nil
        drifts[name] = nil
        do {
            try store.save(list())
        } catch {
            apps[name] = app
            throw error
        }
        logger.info("deleted app \(name) by \(actor.name)")
        await events.publishOperation("delete", on: name, by: actor, error: nil)
    }

    /// Refuses a name that systemd already knows from a unit the agent did not generate: a file
    /// in the unit directory without the managed marker, or a unit systemd loaded from elsewhere.
    private func refuseForeignUnit(_ unit: String) async throws {
        if units.exists(unit) { return try units.refuseUnmanaged(unit) }
        let status = try await backend.status(of: unit)
        if status.isLoaded {
            throw SiaxError(.conflict, "systemd already has a unit named \(unit) that siax-agent did not generate; choose another name", field: "name")
        }
    }

    private func rollBackRegistration(of app: ManagedApp) async {
        if app.spec.enabled { try? await backend.disable(app.unitName) }
        try? units.remove(app.unitName)
        try? await backend.reload()
        apps[app.name] = nil
        do { try store.save(list()) } catch { logger.error("cannot roll back the registry after a failed registration: \(error)") }
    }

    private func save(replacing app: ManagedApp) throws {
        let previous = apps[app.name]
        apps[app.name] = app
        do {
            try store.save(list())
        } catch {
            apps[app.name] = previous
            throw error
        }
    }

    private func ignoringNotFound(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let error as SiaxError where error.code == .notFound {}
    }
}
