import CoreMetrics
import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// Runs the apps' optional health checks (`spec.healthCheck`): a TCP connect
/// or HTTP GET on 127.0.0.1 every `interval_s`, each within `timeout_s`.
///
/// After `failure_threshold` failures in a row the app is unhealthy: an
/// `alert` event `unhealthy` is published and, when the check asks for it,
/// the app is restarted through the Lifecycle (so the rate limit and the
/// audit apply). The first success afterwards publishes `healthy`. Apps that
/// are not running are not probed (their health is `unknown`). Each verdict
/// is mirrored in the `siax_app_healthy` gauge.
public actor HealthChecker: Service {
    /// Who restarts an unhealthy app, in events and the audit log; its
    /// restarts never reset systemd's start limit.
    public static let actor = Requester(name: "health-check", isAutomatic: true)

    private let kernel: AgentKernel
    private let logger: Logger
    private let tick: Duration
    private var states: [String: AppHealth] = [:]
    private var nextDue: [String: Date] = [:]
    private var healthGauges: [String: Gauge] = [:]

    /// - Parameters:
    ///   - kernel: the assembled core.
    ///   - tick: how often due checks are looked for (a check's own interval is its spec's).
    public init(kernel: AgentKernel, tick: Duration = .seconds(1)) {
        self.kernel = kernel
        self.logger = kernel.logger
        self.tick = tick
    }

    /// Checks the due apps every tick until graceful shutdown or cancellation;
    /// while no app has a check, it waits for a registration or an update instead.
    public func run() async throws {
        let tick = self.tick
        let changes = await kernel.events.subscribe().cancelOnGracefulShutdown()
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            if await checkDue() {
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
                } catch {
                    break
                }
            } else {
                var changed = false
                for await event in changes where Self.changesSpecs(event) {
                    changed = true
                    break
                }
                guard changed else { break }
            }
        }
    }

    /// Whether an event is an app's registration or update (which may add a check).
    private static func changesSpecs(_ event: AgentEvent) -> Bool {
        event.type == .operation && event.result == "ok" && ["register", "update"].contains(event.operation ?? "")
    }

    /// Every checked app's health, by app name.
    public func health() -> [String: AppHealth] {
        states
    }

    /// Probes every app whose check is due (concurrently), then publishes
    /// changes and restarts where asked. Returns whether any app has a check.
    @discardableResult
    public func checkDue(at now: Date = Date()) async -> Bool {
        defer { exportHealth() }
        let apps = await kernel.apps.list().filter { $0.spec.healthCheck != nil }
        let checked = Set(apps.map(\.name))
        for name in states.keys where !checked.contains(name) {
            states[name] = nil
            nextDue[name] = nil
        }
        let due = apps.filter { nextDue[$0.name].map { $0 <= now } ?? true }
        guard !due.isEmpty else { return !apps.isEmpty }
        let statuses = (try? await kernel.statuses()) ?? [:]

        var probes: [(app: ManagedApp, check: HealthCheck, port: Int)] = []
        for app in due {
            let check = app.spec.healthCheck!
            nextDue[app.name] = now.addingTimeInterval(check.intervalSeconds)
            guard statuses[app.name]?.state == .running, let port = check.port ?? app.spec.port else {
                states[app.name] = AppHealth(lastError: statuses[app.name]?.state == .running ? "no port to probe" : nil)
                continue
            }
            probes.append((app, check, port))
        }
        let outcomes = await withTaskGroup(of: (String, HealthProbe.Outcome).self) { group in
            for probe in probes {
                group.addTask { (probe.app.name, await HealthProbe.run(probe.check, port: probe.port)) }
            }
            return await group.reduce(into: [String: HealthProbe.Outcome]()) { $0[$1.0] = $1.1 }
        }
        for probe in probes {
            await record(outcomes[probe.app.name]!, for: probe.app, check: probe.check, at: Date())
        }
        return true
    }

    // MARK: - Outcomes

    private func record(_ outcome: HealthProbe.Outcome, for app: ManagedApp, check: HealthCheck, at now: Date) async {
        let name = app.name
        var health = states[name] ?? AppHealth()
        let previous = health.status
        health.checkedAt = now
        health.lastError = outcome.error
        health.latencySeconds = Double(outcome.latency.components.seconds) + Double(outcome.latency.components.attoseconds) / 1e18
        guard let error = outcome.error else {
            health.consecutiveFailures = 0
            health.status = .healthy
            states[name] = health
            if previous == .unhealthy {
                logger.notice("app \(name): healthy again")
                await kernel.events.publish(AgentEvent(type: .alert, app: name, at: now, alert: "healthy", detail: "health check passes again"))
            }
            return
        }
        health.consecutiveFailures += 1
        guard health.consecutiveFailures >= check.failureThreshold else {
            states[name] = health
            return
        }
        health.status = .unhealthy
        if check.restartOnFailure { health.consecutiveFailures = 0 }
        states[name] = health
        if previous != .unhealthy {
            let detail = "\(check.failureThreshold) failed health check(s) in a row: \(error)"
            logger.warning("app \(name): unhealthy: \(detail)")
            await kernel.events.publish(AgentEvent(type: .alert, app: name, at: now, alert: "unhealthy", detail: detail))
        }
        if check.restartOnFailure { await restart(name) }
    }

    private func restart(_ name: String) async {
        do {
            _ = try await kernel.lifecycle.perform(.restart, on: name, actor: Self.actor)
            logger.notice("app \(name): restarted because it is unhealthy")
        } catch {
            logger.warning("app \(name): restart after failed health checks did not succeed: \(error)")
        }
    }

    // MARK: - Metrics

    /// Sets `siax_app_healthy` to 1 (healthy) or 0 (unhealthy) per app; an unknown or unchecked app has no series.
    private func exportHealth() {
        for name in Set(states.keys).union(healthGauges.keys) {
            switch states[name]?.status {
            case .healthy?, .unhealthy?:
                let gauge = healthGauges[name] ?? Gauge(
                    label: MetricDescription.appHealthy.name, dimensions: [("app", name)], factory: kernel.metrics)
                healthGauges[name] = gauge
                gauge.record(states[name]?.status == .healthy ? 1 : 0)
            case .unknown?, nil:
                healthGauges.removeValue(forKey: name)?.destroy()
            }
        }
    }
}
