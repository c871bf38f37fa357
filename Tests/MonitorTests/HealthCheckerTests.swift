import Foundation
import Kernel
import KernelTestSupport
import MetricsTestKit
import Testing
@testable import Monitor

@Suite("HealthChecker: HTTP and TCP probes against real local listeners", .serialized)
struct HealthCheckerTests {
    /// A registered, running `shop` with `check`, and a checker.
    func checked(_ check: HealthCheck, port: Int, metrics: TestMetrics = TestMetrics()) async throws -> (MonitorKernel, HealthChecker) {
        let t = try MonitorKernel(metrics: metrics)
        try await t.register(t.spec(port: port, healthCheck: check))
        t.systemd("active", "running", pid: 10)
        return (t, HealthChecker(kernel: t.kernel))
    }

    func alerts(_ t: MonitorKernel) async -> [String] {
        await t.events().filter { $0.type == .alert }.compactMap(\.alert)
    }

    @Test("HTTP 200 is healthy, without an event")
    func httpHealthy() async throws {
        let server = try LocalHTTPServer(); defer { server.stop() }
        let (t, checker) = try await checked(HealthCheck(type: .http, path: "/health"), port: server.port); defer { t.cleanUp() }
        await checker.checkDue()
        let health = try #require(await checker.health()["shop"])
        #expect(health.status == .healthy)
        #expect(health.lastError == nil)
        #expect(health.latencySeconds != nil)
        #expect(server.received.count == 1)
        #expect(await alerts(t).isEmpty)
    }

    @Test("TCP connect to a listening port is healthy; the check's own port wins over the app's")
    func tcpHealthy() async throws {
        let server = try LocalHTTPServer(); defer { server.stop() }
        let (t, checker) = try await checked(HealthCheck(type: .tcp, port: server.port), port: try LocalHTTPServer.closedPort())
        defer { t.cleanUp() }
        await checker.checkDue()
        #expect(await checker.health()["shop"]?.status == .healthy)
    }

    @Test("a closed port: unhealthy after the threshold, one alert, then healthy again when it answers")
    func closedPortThenRecovery() async throws {
        let port = try LocalHTTPServer.closedPort()
        let check = HealthCheck(type: .tcp, intervalSeconds: 5, failureThreshold: 2)
        let (t, checker) = try await checked(check, port: port); defer { t.cleanUp() }
        let now = Date()
        await checker.checkDue(at: now)
        #expect(await checker.health()["shop"]?.consecutiveFailures == 1)
        #expect(await checker.health()["shop"]?.status == .unknown)
        await checker.checkDue(at: now.addingTimeInterval(1))  // not due yet
        #expect(await checker.health()["shop"]?.consecutiveFailures == 1)
        await checker.checkDue(at: now.addingTimeInterval(5))
        let health = try #require(await checker.health()["shop"])
        #expect(health.status == .unhealthy)
        #expect(health.lastError?.contains("refused") == true)
        await checker.checkDue(at: now.addingTimeInterval(10))
        #expect(await alerts(t) == ["unhealthy"])
        let detail = await t.events().last { $0.alert == "unhealthy" }?.detail
        #expect(detail?.contains("127.0.0.1:\(port)") == true)

        let server = try LocalHTTPServer(); defer { server.stop() }
        var spec = try await t.kernel.apps.get("shop").spec
        spec.healthCheck?.port = server.port
        _ = try await t.kernel.apps.update("shop", spec: spec, actor: Requester(name: "test"))
        await checker.checkDue(at: now.addingTimeInterval(15))
        #expect(await checker.health()["shop"]?.status == .healthy)
        #expect(await alerts(t) == ["unhealthy", "healthy"])
    }

    @Test("HTTP errors fail the check with the status line")
    func httpError() async throws {
        let server = try LocalHTTPServer(.answer(503, reason: "Service Unavailable")); defer { server.stop() }
        let (t, checker) = try await checked(HealthCheck(type: .http, failureThreshold: 1), port: server.port); defer { t.cleanUp() }
        await checker.checkDue()
        let health = try #require(await checker.health()["shop"])
        #expect(health.status == .unhealthy)
        #expect(health.lastError == "GET /: HTTP 503 Service Unavailable")
    }

    @Test("a server that accepts but never answers fails within the timeout")
    func stall() async throws {
        let server = try LocalHTTPServer(.stall); defer { server.stop() }
        let check = HealthCheck(type: .http, timeoutSeconds: 0.3, failureThreshold: 1)
        let (t, checker) = try await checked(check, port: server.port); defer { t.cleanUp() }
        let started = ContinuousClock.now
        await checker.checkDue()
        // The server never answers: returning at all is the timeout at work (the bound leaves room for a loaded machine).
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(await checker.health()["shop"]?.lastError?.contains("timed out") == true)
    }

    @Test("restart_on_failure restarts the app through the Lifecycle, as health-check")
    func restart() async throws {
        let check = HealthCheck(type: .tcp, failureThreshold: 1, restartOnFailure: true)
        let (t, checker) = try await checked(check, port: try LocalHTTPServer.closedPort()); defer { t.cleanUp() }
        await checker.checkDue()
        #expect(t.backend.calls.contains("restart shop.service"))
        let operation = await t.events().last { $0.type == .operation && $0.operation == "restart" }
        #expect(operation?.actor == "health-check")
        #expect(operation?.result == "ok")
        #expect(await checker.health()["shop"]?.status == .unhealthy)
    }

    @Test("an app that is not running is not probed; its health is unknown")
    func notRunning() async throws {
        let server = try LocalHTTPServer(); defer { server.stop() }
        let (t, checker) = try await checked(HealthCheck(type: .http, failureThreshold: 1), port: server.port); defer { t.cleanUp() }
        t.systemd("inactive", "dead")
        await checker.checkDue()
        #expect(server.received.count == 0)
        #expect(await checker.health()["shop"]?.status == .unknown)
        #expect(await alerts(t).isEmpty)
    }

    @Test("siax_app_healthy: 1 while healthy, 0 once unhealthy, no series while unknown")
    func healthGauge() async throws {
        let metrics = TestMetrics()
        let server = try LocalHTTPServer(); defer { server.stop() }
        let check = HealthCheck(type: .tcp, intervalSeconds: 5, failureThreshold: 1)
        let (t, checker) = try await checked(check, port: server.port, metrics: metrics); defer { t.cleanUp() }
        let healthy = { try metrics.expectGauge(MetricDescription.appHealthy.name, [("app", "shop")]).lastValue }
        let now = Date()
        await checker.checkDue(at: now)
        #expect(try healthy() == 1)

        var spec = try await t.kernel.apps.get("shop").spec
        spec.healthCheck?.port = try LocalHTTPServer.closedPort()
        _ = try await t.kernel.apps.update("shop", spec: spec, actor: Requester(name: "test"))
        await checker.checkDue(at: now.addingTimeInterval(5))
        #expect(try healthy() == 0)

        t.systemd("inactive", "dead")
        await checker.checkDue(at: now.addingTimeInterval(10))
        #expect(metrics.recorders(label: MetricDescription.appHealthy.name).isEmpty)
    }

    @Test("run: while no app has a check it waits, and checks an app as soon as its update adds one")
    func runWakesOnUpdate() async throws {
        let server = try LocalHTTPServer(); defer { server.stop() }
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register(t.spec(port: server.port))
        t.systemd("active", "running", pid: 10)
        let checker = HealthChecker(kernel: t.kernel, tick: .seconds(3600))
        let running = Task { try await checker.run() }
        defer { running.cancel() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(await checker.health().isEmpty)
        _ = try await t.kernel.apps.update("shop", spec: t.spec(port: server.port, healthCheck: HealthCheck(type: .http)), actor: Requester(name: "test"))
        #expect(await eventually { await checker.health()["shop"]?.status == .healthy })
        #expect(server.received.count == 1)
    }

    @Test("the HTTP status line verdict", arguments: [
        ("HTTP/1.1 200 OK\r\n", nil), ("HTTP/1.0 302 Found\r\n", nil), ("HTTP/1.1 404 Not Found\r\n", "GET /: HTTP 404 Not Found"),
        ("", "GET /: connection closed without a response"), ("SSH-2.0-OpenSSH\r\n", "GET /: not an HTTP response"),
    ])
    func verdict(line: String, expected: String?) {
        #expect(HealthProbe.verdict(statusLine: Array(line.utf8), path: "/") == expected)
    }
}
