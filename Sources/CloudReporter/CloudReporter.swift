import AsyncHTTPClient
import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// Pushes status reports to the SIAX cloud (docs/api.md, "Cloud reports"): every
/// `cloud.interval_s`, and `debounce` after a state change or alert.
///
/// Each report first goes to a bounded on-disk outbox, then is sent oldest
/// first; failures are retried with jittered exponential backoff. When the
/// disk refuses a report (full), the newest such report waits in memory
/// instead, sent after the outbox's and replaced by the next one, so a full
/// disk never silences the reports. Nothing here is on the path of a local
/// operation, so a down or slow cloud never delays one. The token is never logged. Off (idle until shutdown) when
/// `cloud.url` is not set. Deliveries and the outbox's depth are recorded
/// as metrics (`CloudMetrics`).
public actor CloudReporter: Transport {
    /// `cloud`, the name config uses.
    public nonisolated let name = "cloud"

    private let kernel: AgentKernel
    /// The `cloud` section.
    private let cloud: CloudSettings.Section
    private let logger: Logger
    private let tick: Duration
    private let debounce: TimeInterval
    private let requestTimeout: Duration
    private let backoff: Backoff
    private let metrics: CloudMetrics
    private var outbox: Outbox?
    /// The newest report the outbox could not store (a full disk), waiting in memory.
    private var unqueued: Data?
    private var discrepancies = DiscrepancyTracker()
    private var nextReport = Date.distantPast
    private var changedAt: Date?
    private var retryAt = Date.distantPast
    private var failures = 0
    private var delivered = 0

    /// - Parameters:
    ///   - kernel: the assembled core.
    ///   - settings: the `cloud` section.
    ///   - debounce: seconds after a change before the report goes out (changes in between join it).
    ///   - requestTimeout: how long one delivery may take.
    ///   - tick: how often the loop looks at what is due.
    ///   - backoffBase: the first retry's delay in seconds (doubling up to `backoffCap`), jittered.
    public init(
        kernel: AgentKernel, settings: CloudSettings, debounce: TimeInterval = 2, requestTimeout: Duration = .seconds(10), tick: Duration = .seconds(1),
        backoffBase: TimeInterval = 1, backoffCap: TimeInterval = 300
    ) {
        self.kernel = kernel
        cloud = settings.cloud
        self.logger = kernel.logger
        self.debounce = debounce
        self.requestTimeout = requestTimeout
        self.tick = tick
        self.backoff = Backoff(base: backoffBase, cap: backoffCap)
        self.metrics = CloudMetrics(factory: kernel.metrics)
    }

    /// Reports until graceful shutdown.
    public func run() async throws {
        guard let url = cloud.url else {
            logger.info("cloud reporting is off (no cloud.url)")
            try? await gracefulShutdown()
            return
        }
        let endpoint = CloudEndpoint(baseURL: url, token: cloud.token, timeout: requestTimeout)
        do {
            outbox = try Outbox(directory: "\(kernel.config.stateDir)/cloud-outbox", limit: cloud.outboxMax)
        } catch {
            logger.error("cloud reporting is off: cannot open the outbox in \(kernel.config.stateDir): \(error)")
            try? await gracefulShutdown()
            return
        }
        logger.info("cloud reports to \(endpoint.redactedURL) every \(cloud.intervalS) s; \(outbox?.count ?? 0) report(s) waiting")
        let identity = (id: AgentIdentity.agentID(stateDir: kernel.config.stateDir), host: AgentIdentity.hostname)
        let events = await kernel.events.subscribe()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await event in events.cancelOnGracefulShutdown() where event.type != .operation {
                    await self.noteChange()
                }
            }
            let tick = self.tick
            while !Task.isCancelled, !Task.isShuttingDownGracefully {
                await step(identity: identity, endpoint: endpoint, client: client, interval: cloud.intervalS)
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
                } catch {
                    break
                }
            }
            group.cancelAll()
        }
        try? await client.shutdown()
    }

    /// Reports delivered, consecutive failed deliveries, and reports waiting.
    public func counters() -> (delivered: Int, failures: Int, waiting: Int) {
        (delivered, failures, waiting)
    }

    // MARK: - One step

    private func noteChange() {
        if changedAt == nil { changedAt = Date() }
    }

    /// Queues a report when one is due, then delivers what waits unless backing off.
    private func step(identity: (id: String, host: String), endpoint: CloudEndpoint, client: HTTPClient, interval: Double) async {
        let now = Date()
        let changeDue = changedAt.map { now.timeIntervalSince($0) >= debounce } ?? false
        if now >= nextReport || changeDue {
            nextReport = now.addingTimeInterval(interval)
            changedAt = nil
            await enqueue(identity: identity, at: now)
        }
        await flush(endpoint: endpoint, client: client)
        metrics.outbox.record(waiting)
    }

    private func enqueue(identity: (id: String, host: String), at now: Date) async {
        let apps = await kernel.apps.list()
        let statuses = (try? await kernel.statuses()) ?? [:]
        discrepancies.update(statuses, units: Dictionary(uniqueKeysWithValues: apps.map { ($0.name, $0.unitName) }), unitDir: kernel.config.unitDir, now: now)
        let report = CloudReport(
            agentID: identity.id, hostname: identity.host, agentVersion: AgentKernel.version, reportedAt: now,
            apps: apps.map { CloudReport.App(app: $0, status: statuses[$0.name] ?? AppStatus(unit: nil)) },
            discrepancies: discrepancies.all)
        let body: Data
        do {
            body = try report.encoded()
        } catch {
            logger.error("cloud report not encoded: \(error)")
            return
        }
        do {
            let dropped = try outbox?.append(body) ?? 0
            if dropped > 0 { logger.warning("cloud outbox full: dropped the \(dropped) oldest report(s)") }
            unqueued = nil
        } catch {
            if unqueued == nil { logger.warning("cloud report not queued on disk (\(error)); the newest waits in memory until the disk has room") }
            unqueued = body
        }
    }

    private func flush(endpoint: CloudEndpoint, client: HTTPClient) async {
        while Date() >= retryAt, let next = nextBody(), !Task.isCancelled {
            switch await endpoint.deliver(next.body, with: client) {
            case .delivered:
                remove(onDisk: next.onDisk)
                delivered += 1
                metrics.delivered.increment()
                if failures > 0 { logger.notice("cloud reachable again at \(endpoint.redactedURL)") }
                failures = 0
            case .refused(let reason):
                remove(onDisk: next.onDisk)
                metrics.refused.increment()
                logger.error("cloud refused a report (\(reason)); it is dropped")
            case .failed(let reason, let retryAfter):
                failures += 1
                metrics.failed.increment()
                // The cloud's own Retry-After (capped at an hour) when longer than the backoff.
                let delay = max(backoff.delay(attempt: failures), min(retryAfter ?? 0, 3600))
                retryAt = Date().addingTimeInterval(delay)
                let message: Logger.Message = "cloud report to \(endpoint.redactedURL) failed (\(reason)); \(waiting) waiting, retry in \(String(format: "%.1f", delay)) s"
                if failures == 1 { logger.warning(message) } else { logger.debug(message) }
                return
            }
        }
    }

    /// The next report to send: the outbox's oldest, else the one waiting in memory.
    private func nextBody() -> (body: Data, onDisk: Bool)? {
        if let body = outbox?.oldest() { return (body, true) }
        return unqueued.map { ($0, false) }
    }

    /// Forgets the report just sent (or refused for good).
    private func remove(onDisk: Bool) {
        if onDisk { outbox?.removeOldest() } else { unqueued = nil }
    }

    /// Reports waiting, on disk and in memory.
    private var waiting: Int { (outbox?.count ?? 0) + (unqueued == nil ? 0 : 1) }
}
