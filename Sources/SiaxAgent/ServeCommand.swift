import ArgumentParser
import Foundation
import Kernel
import DBusBackend
import Logging
import Monitor
import ServiceLifecycle
import Store
import HTTPCore
import MetricsEndpoint

/// `siax-agent serve`: runs the agent until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the agent.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let metrics = PrometheusMetrics()
        let notify = SDNotify()
        // READY=1 once the HTTP server listens (at once when no `http` transport runs).
        let registry = Plugins.registry(metrics: metrics) { address in
            notify.ready(status: "listening on \(address)")
            if notify.isEnabled { Logger(label: "siax-agent").info("READY=1 sent to systemd (listening on \(address))") }
        }
        let config = try options.load(plugins: registry.settings)
        let level = Logger.Level(rawValue: config.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            // Also kept in memory for the panel's /logs page (GET /api/system/logs).
            var handler = RingLogHandler(label: label, upstream: StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "siax-agent")
        if let why = ExecutableReadAhead.failure { logger.warning("read-ahead on the agent's executable stays on: \(why)") }
        if let why = TransparentHugePages.failure { logger.warning("transparent huge pages stay on for the agent: \(why)") }
        let sandbox = ProcessInfoEnvironment.isSandbox
        if sandbox {
            logger.notice("SANDBOX: this agent manages a private, sandboxed systemd (scripts/sandbox), not the machine's own")
        }

        let (runtimes, issues) = try RuntimeSetup.load(config: config)
        for issue in issues { logger.error("runtime definition not loaded: \(issue)") }
        logger.info("runtimes: \(runtimes.ids.joined(separator: ", "))")

        let (backend, reason) = try await BackendSelection.make(registry: registry, config: config, logger: logger)
        logger.info("backend: \(backend.name) (\(reason))")

        let store = try FileRegistryStore(stateDir: config.stateDir)
        let scanner = ProcScanner()
        let kernel = AgentKernel(
            config: config, runtimes: runtimes, backend: backend, store: store, logger: logger, sandbox: sandbox,
            scanner: scanner, metrics: metrics)
        try await kernel.apps.bootstrap()

        let privileges = await backend.checkPrivileges()
        if !privileges.ok { logger.warning("insufficient privileges: \(privileges.detail)") }

        let transports = try registry.makeTransports(config.transports, kernel: kernel)
        let monitor: [any Service] = [Reconciler(kernel: kernel, scanner: scanner), HealthChecker(kernel: kernel)]
        // Last in the list, so the first told of shutdown: STOPPING=1 comes at once.
        let services = monitor + transports + [SystemdNotifier(notify: notify)]
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        // The transports and their listed parts (config's names; the panel runs with http unless panel.enabled is false).
        let running = config.transports ?? registry.transportNames
        logger.info("siax-agent \(AgentKernel.version) running; transports: \(running.joined(separator: ", ").ifEmpty("none"))")
        logger.info("tasks run on \(EventLoopExecutor.installed ? "NIO's event loops" : "Swift's default pool (NIO could not take it over)")")
        if !running.contains("http") { notify.ready(status: "backend \(backend.name), no http transport") }
        if let interval = notify.watchdogInterval { logger.info("systemd watchdog on: a keep-alive every \(interval)") }
        try await group.run()
    }
}

extension String {
    /// `replacement` when the string is empty.
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
