import Foundation
import Kernel
import KernelTestSupport
import Logging
import SystemctlBackend

/// A unit file this test target writes to /etc/systemd/system (a private bind
/// mount inside `scripts/sandbox`) and always removes again.
struct TestUnit {
    /// `siax-h3-PURPOSE-RANDOM.service`.
    let name: String
    var path: String { "/etc/systemd/system/\(name)" }

    /// Writes the unit and reloads systemd, runs `body`, then stops and removes the unit even when `body` throws.
    static func with<T>(
        _ backend: SystemctlBackend, _ purpose: String, unit: String = "", service: String,
        _ body: (TestUnit) async throws -> T
    ) async throws -> T {
        let testUnit = TestUnit(name: "siax-h3-\(purpose)-\(UUID().uuidString.prefix(6).lowercased()).service")
        let text = "[Unit]\nDescription=SystemctlBackend test: \(purpose)\n\(unit)\n[Service]\n\(service)\n[Install]\nWantedBy=multi-user.target\n"
        try text.write(toFile: testUnit.path, atomically: true, encoding: .utf8)
        do {
            try await backend.reload()
            let value = try await body(testUnit)
            await testUnit.remove(backend)
            return value
        } catch {
            await testUnit.remove(backend)
            throw error
        }
    }

    private func remove(_ backend: SystemctlBackend) async {
        try? await backend.stop(name)
        try? await backend.disable(name)
        try? FileManager.default.removeItem(atPath: path)
        try? await backend.reload()
        try? await backend.resetFailed(name)
    }
}

/// Test helpers shared by the integration suites.
enum Integration {
    /// A backend whose subprocess command lines are recorded in `commands`.
    static func backend(pollInterval: Duration = .milliseconds(200)) -> (SystemctlBackend, CapturedLog) {
        let log = CapturedLog()
        var logger = Logger(label: "systemctl-backend-tests", factory: { _ in log })
        logger.logLevel = .debug
        let backend = SystemctlBackend(
            configuration: .init(operationTimeout: .seconds(60), pollInterval: pollInterval), logger: logger)
        return (backend, log)
    }

    /// PIDs of this process's `journalctl` children reading `unit` (other
    /// tests running in parallel have journalctl children of their own).
    static func journalctlChildren(reading unit: String) -> [Int32] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return false }
            let comm = stat[stat.index(after: open)..<close]
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard comm == "journalctl", fields.count > 2, Int32(fields[1]) == me, fields[0] != "Z",
                  let cmdline = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
            else { return false }
            return cmdline.split(separator: "\0").contains("--unit=\(unit)")
        }
    }
}

extension CapturedLog {
    /// The command lines the backend ran (its `running …` debug messages) that contain `text`.
    func commands(containing text: String) -> [String] {
        messages.filter { $0.hasPrefix("running ") && $0.contains(text) }.map { String($0.dropFirst("running ".count)) }
    }
}
