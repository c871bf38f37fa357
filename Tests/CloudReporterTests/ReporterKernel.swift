import CoreMetrics
import Foundation
import CloudReporter
import Kernel
import KernelTestSupport
import Logging

/// A Kernel on the in-memory backend (`InMemoryKernel`), with a cloud config, one
/// registered app and a log that the test can read.
struct ReporterKernel {
    let base: InMemoryKernel
    let log = CapturedLog()

    var backend: MemoryServiceBackend { base.backend }
    var kernel: AgentKernel { base.kernel }
    var stateDir: String { base.stateDir }
    var outboxFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(stateDir)/cloud-outbox")) ?? []).filter { $0.hasSuffix(".json") }
    }

    init(
        cloudURL: String?, token: String? = "s3cret-token-value", outboxMax: Int = 1000, interval: Double = 60,
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) async throws {
        let log = self.log
        base = try InMemoryKernel(
            configure: { config in
                try config.update(CloudSettings.self) { settings in
                    settings.cloud.url = cloudURL
                    settings.cloud.token = token
                    settings.cloud.intervalS = interval
                    settings.cloud.outboxMax = outboxMax
                }
            },
            logger: Logger(label: "test", factory: { _ in log }), metrics: metrics)
        try await base.register(base.spec("shop"))
    }

    func cleanUp() { base.cleanUp() }
}
