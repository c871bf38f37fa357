import DBusBackend
import Foundation
import Kernel
import KernelTestSupport
import Logging
import SystemctlBackend

/// The backends the conformance suite runs against: the same tests, and a
/// behaviour difference is a bug in one of them.
enum BackendKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case systemctl, dbus

    var description: String { rawValue }

    /// A fresh backend of this kind on the sandbox's systemd.
    func make() async throws -> any ServiceBackend {
        try SystemdEnvironment.check()
        let logger = Logger(label: "conformance", factory: { _ in SwiftLogNoOpLogHandler() })
        switch self {
        case .systemctl:
            return SystemctlBackend(configuration: .init(operationTimeout: .seconds(30), pollInterval: .seconds(1)), logger: logger)
        case .dbus:
            return try await DBusBackend(configuration: .init(operationTimeout: .seconds(30)), logger: logger)
        }
    }
}

/// Unit files a conformance test writes into the sandbox's `/etc/systemd/system`,
/// and removes (stopped, disabled, reset) afterwards.
struct ConformanceUnits {
    let prefix: String

    init(_ kind: BackendKind) {
        prefix = "siax-conf-\(kind.rawValue)-\(UUID().uuidString.prefix(6).lowercased())"
    }

    /// The unit name for `name`.
    func unit(_ name: String) -> String { "\(prefix)-\(name).service" }

    /// Writes a unit with these `[Service]` lines (and an `[Install]` section).
    func write(_ name: String, _ service: String, unitSection: String = "") throws {
        let text = "[Unit]\n\(unitSection)\n[Service]\n\(service)\nLogRateLimitIntervalSec=1s\nLogRateLimitBurst=100000000\n[Install]\nWantedBy=multi-user.target\n"
        try text.write(toFile: "/etc/systemd/system/\(unit(name))", atomically: true, encoding: .utf8)
    }

    /// Runs `body`, then removes this test's units whatever happened.
    func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            removeAll()
            throw error
        }
        removeAll()
    }

    private func removeAll() {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: "/etc/systemd/system")) ?? []).filter { $0.hasPrefix(prefix) }
        for file in files {
            _ = try? Command.systemctl("stop", file)
            _ = try? Command.systemctl("disable", file)
            try? FileManager.default.removeItem(atPath: "/etc/systemd/system/\(file)")
        }
        _ = try? Command.systemctl("daemon-reload")
        for file in files { _ = try? Command.systemctl("reset-failed", file) }
    }
}
