import Foundation
import Kernel
import KernelTestSupport
import MetricsTestKit
import Testing
@testable import CloudReporter

@Suite("Cloud reporter against a local cloud that records, fails, stalls and recovers", .serialized)
struct CloudReporterTests {
    /// Runs a reporter (fast tick, short debounce and backoff) around `body`, then stops it.
    func reporting(
        _ t: ReporterKernel, debounce: Double = 0.1, requestTimeout: Duration = .seconds(5), _ body: (CloudReporter) async throws -> Void
    ) async throws {
        let reporter = CloudReporter(
            kernel: t.kernel, settings: try t.kernel.config.settings(CloudSettings.self), debounce: debounce, requestTimeout: requestTimeout, tick: .milliseconds(20), backoffBase: 0.05, backoffCap: 0.2)
        let task = Task { try await reporter.run() }
        do {
            try await body(reporter)
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
        try await task.value
    }

    @Test("a report at once: POST /apps_servcs/apps, bearer token, docs/api.md's payload")
    func payload() async throws {
        let cloud = try LocalHTTPServer(); defer { cloud.stop() }
        let t = try await ReporterKernel(cloudURL: cloud.url); defer { t.cleanUp() }
        t.backend.addUnit(UnitStatus(unit: "shop.service", activeState: "active", subState: "running", mainPID: 42, restarts: 1))
        try await reporting(t) { _ in
            #expect(await eventually { cloud.received.count >= 1 })
        }
        let request = try #require(cloud.received.first)
        #expect(request.requestLine == "POST /apps_servcs/apps HTTP/1.1")
        #expect(request.headers["authorization"] == "Bearer s3cret-token-value")
        #expect(request.headers["content-type"] == "application/json")
        let json = try #require(request.json)
        #expect((json["agent_id"] as? String).flatMap(UUID.init(uuidString:)) != nil)
        #expect(json["hostname"] as? String == AgentIdentity.hostname)
        #expect(json["agent_version"] as? String == AgentKernel.version)
        let reportedAt = try #require(json["reported_at"] as? String)
        #expect(reportedAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(reportedAt)")
        let app = try #require((json["apps"] as? [[String: Any]])?.first)
        #expect(app["app_name"] as? String == "shop")
        #expect(app["runtime"] as? String == "fake")
        #expect(app["status"] as? String == "running")
        #expect(app["pid"] as? Int == 42)
        #expect(app["restarts"] as? Int == 1)
        #expect(app["port"] as? Int == 8000)
        // Every key, null where unknown (no scan here: no CPU figure).
        #expect(Set(app.keys) == ["app_name", "runtime", "status", "pid", "cpu_percent", "memory_bytes", "uptime_seconds", "restarts", "port"])
        #expect(app["cpu_percent"] is NSNull)
        #expect((json["discrepancies"] as? [Any])?.isEmpty == true)
        #expect(t.outboxFiles.isEmpty)
    }

    @Test("a state change is reported within the debounce, long before the interval; discrepancies included")
    func changeDebounced() async throws {
        let cloud = try LocalHTTPServer(); defer { cloud.stop() }
        let t = try await ReporterKernel(cloudURL: cloud.url, interval: 3600); defer { t.cleanUp() }
        t.backend.addUnit(UnitStatus(unit: "shop.service", activeState: "active", subState: "running"))
        // A 1 s debounce: the two events, published back to back, fall in one window even on a loaded machine.
        try await reporting(t, debounce: 1) { _ in
            #expect(await eventually { cloud.received.count == 1 })
            await t.kernel.events.publish(AgentEvent(type: .state, app: "shop", state: .crashed, previous: .running))
            await t.kernel.events.publish(AgentEvent(type: .alert, app: "shop", alert: "crashed"))
            #expect(await eventually { cloud.received.count >= 2 })
            // Nothing more within twice the debounce: the two events made one report.
            #expect(await eventually(timeout: .seconds(2)) { cloud.received.count > 2 } == false)
        }
        let discrepancy = try #require((cloud.received.last?.json?["discrepancies"] as? [[String: Any]])?.first)
        #expect(discrepancy["app_name"] as? String == "shop")
        #expect(discrepancy["kind"] as? String == "crashed")
        #expect(discrepancy["detail"] is String)
        #expect(discrepancy["since"] is String)
    }

    @Test("a failing cloud: reports wait on disk, then all arrive in order once it recovers")
    func failThenRecover() async throws {
        let cloud = try LocalHTTPServer(); defer { cloud.stop() }
        cloud.set(.answer(503))
        let t = try await ReporterKernel(cloudURL: cloud.url, interval: 3600); defer { t.cleanUp() }
        var recovered = 0
        try await reporting(t) { reporter in
            #expect(await eventually { cloud.received.count >= 2 })  // first try and at least one retry
            #expect(await eventually { t.outboxFiles.count == 1 })
            // Each change, once its debounce has passed, queues one more report.
            for waiting in 2...3 {
                await t.kernel.events.publish(AgentEvent(type: .alert, app: "shop", alert: "zombie"))
                #expect(await eventually { t.outboxFiles.count == waiting })
            }
            #expect(await reporter.counters().waiting == 3)
            let failed = cloud.set(.answer(200))
            #expect(await eventually { t.outboxFiles.isEmpty })
            #expect(await reporter.counters().delivered == 3)
            recovered = failed
        }
        let delivered = cloud.received[recovered...].compactMap { $0.json?["reported_at"] as? String }
        #expect(delivered.count == 3)
        #expect(delivered == delivered.sorted())
        #expect(Set(delivered).count == 3)
    }

    @Test("failed and delivered reports are counted; the outbox depth is a gauge")
    func metrics() async throws {
        let cloud = try LocalHTTPServer(); defer { cloud.stop() }
        cloud.set(.answer(503))
        let metrics = TestMetrics()
        let t = try await ReporterKernel(cloudURL: cloud.url, interval: 3600, metrics: metrics); defer { t.cleanUp() }
        let reports = { (result: String) in
            (try? metrics.expectCounter(MetricDescription.cloudReports.name, [("result", result)]).totalValue) ?? -1
        }
        let outbox = { (try? metrics.expectGauge(MetricDescription.cloudOutbox.name).lastValue) ?? -1 }
        try await reporting(t) { _ in
            #expect(await eventually { reports("failed") >= 1 && outbox() == 1 })
            cloud.set(.answer(200))
            #expect(await eventually { reports("delivered") == 1 && outbox() == 0 })
        }
        #expect(reports("refused") == 0)
    }

    @Test("a stalled cloud times out, does not hold up local operations, and is retried")
    func stall() async throws {
        let cloud = try LocalHTTPServer(); defer { cloud.stop() }
        cloud.set(.stall)
        let t = try await ReporterKernel(cloudURL: cloud.url); defer { t.cleanUp() }
        // The stalled request holds on for 10 s; a local operation waiting on it would take that long.
        try await reporting(t, requestTimeout: .seconds(10)) { _ in
            #expect(await eventually { cloud.received.count >= 1 })
            let started = ContinuousClock.now
            _ = try await t.kernel.lifecycle.perform(.start, on: "shop", actor: Requester(name: "test"))
            #expect(ContinuousClock.now - started < .seconds(5))
            cloud.set(.answer(200))
            #expect(await eventually(timeout: .seconds(60)) { t.outboxFiles.isEmpty && cloud.received.count >= 2 })
        }
        #expect(t.log.all.contains { $0.contains("failed") })
    }

    @Test("429 with Retry-After: no retry before the time the cloud asked for (the backoff alone would retry at once)")
    func retryAfter() async throws {
        let cloud = try LocalHTTPServer(); defer { cloud.stop() }
        cloud.set(.tooManyRequests(retryAfter: 3))
        let t = try await ReporterKernel(cloudURL: cloud.url, interval: 3600); defer { t.cleanUp() }
        try await reporting(t) { _ in
            #expect(await eventually { cloud.received.count >= 1 })
            cloud.set(.answer(200))
            #expect(await eventually { t.outboxFiles.isEmpty })
        }
        let times = cloud.receivedAt
        try #require(times.count >= 2)
        #expect(times[0].duration(to: times[1]) >= .milliseconds(2900), "retried \(times[0].duration(to: times[1])) after a 429 asking for 3 s")
    }

    @Test("a cloud that refuses connections: reports wait, bounded; once it listens on its port again, they are delivered")
    func connectionRefused() async throws {
        let gone = try LocalHTTPServer()
        let port = gone.port
        gone.stop()
        let t = try await ReporterKernel(cloudURL: "http://127.0.0.1:\(port)", outboxMax: 3, interval: 0.05); defer { t.cleanUp() }
        // AsyncHTTPClient keeps trying to connect until the request's deadline: keep that short here.
        try await reporting(t, requestTimeout: .seconds(1)) { reporter in
            #expect(await eventually(timeout: .seconds(60)) { t.log.all.contains { $0.contains("outbox full") } })
            #expect(t.outboxFiles.count <= 3)
            let cloud = try LocalHTTPServer(port: port); defer { cloud.stop() }
            #expect(await eventually { cloud.received.count >= 3 })
            #expect(await eventually { await reporter.counters().delivered >= 3 })
        }
    }

    @Test("Retry-After in seconds or as an HTTP date")
    func retryAfterValues() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(CloudEndpoint.seconds(retryAfter: "120", now: now) == 120)
        #expect(CloudEndpoint.seconds(retryAfter: "Tue, 14 Nov 2023 22:13:27 GMT", now: now) == 7)
        #expect(CloudEndpoint.seconds(retryAfter: "soon", now: now) == nil)
        #expect(CloudEndpoint.seconds(retryAfter: "-5", now: now) == nil)
    }

    @Test("the outbox is bounded: the oldest reports are dropped")
    func bounded() async throws {
        let cloud = try LocalHTTPServer(); defer { cloud.stop() }
        cloud.set(.answer(500))
        let t = try await ReporterKernel(cloudURL: cloud.url, outboxMax: 2, interval: 0.05); defer { t.cleanUp() }
        try await reporting(t) { _ in
            #expect(await eventually { t.log.all.contains { $0.contains("outbox full") } })
            #expect(t.outboxFiles.count <= 2)
        }
    }

    @Test("a report the cloud refuses for good (400) is dropped, not retried forever")
    func refused() async throws {
        let cloud = try LocalHTTPServer(); defer { cloud.stop() }
        cloud.set(.answer(400))
        let t = try await ReporterKernel(cloudURL: cloud.url, interval: 3600); defer { t.cleanUp() }
        try await reporting(t) { _ in
            #expect(await eventually { cloud.received.count == 1 && t.outboxFiles.isEmpty })
        }
    }

    @Test("neither the token nor URL credentials ever reach the log")
    func secrets() async throws {
        let cloud = try LocalHTTPServer(); defer { cloud.stop() }
        cloud.set(.answer(500))
        let t = try await ReporterKernel(cloudURL: "http://user:hunter2@127.0.0.1:\(cloud.port)/?key=qwerty"); defer { t.cleanUp() }
        try await reporting(t) { _ in
            #expect(await eventually { cloud.received.count >= 2 })
        }
        let log = t.log.all.joined(separator: "\n")
        #expect(log.contains("127.0.0.1:\(cloud.port)"))
        for secret in ["s3cret-token-value", "hunter2", "qwerty"] { #expect(!log.contains(secret), "\(secret) in log") }
    }

    @Test("without cloud.url nothing is sent and the service idles until stopped")
    func off() async throws {
        let t = try await ReporterKernel(cloudURL: nil); defer { t.cleanUp() }
        try await reporting(t) { _ in try await Task.sleep(for: .milliseconds(100)) }
        #expect(t.log.all.contains { $0.contains("cloud reporting is off") })
    }

    @Test("the outbox survives a restart; backoff grows, is jittered and capped")
    func outboxAndBackoff() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siax-outbox-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var outbox = try Outbox(directory: dir, limit: 5)
        try outbox.append(Data("1".utf8))
        try outbox.append(Data("2".utf8))
        var reopened = try Outbox(directory: dir, limit: 5)
        #expect(reopened.count == 2)
        #expect(reopened.oldest() == Data("1".utf8))
        reopened.removeOldest()
        try reopened.append(Data("3".utf8))
        #expect(reopened.oldest() == Data("2".utf8))
        #expect(try Outbox(directory: dir, limit: 1).count == 1)

        let backoff = Backoff(base: 1, cap: 60)
        #expect(backoff.delay(attempt: 1, random: 0) == 0.5)
        #expect(backoff.delay(attempt: 1, random: 1) == 1)
        #expect(backoff.delay(attempt: 4, random: 1) == 8)
        #expect(backoff.delay(attempt: 40, random: 1) == 60)
        #expect(backoff.delay(attempt: 40, random: 0) == 30)
    }
}
