import Foundation

/// The real systemd of the sandbox, for the D-Bus backend's own tests (whether it is there:
/// `SystemdEnvironment`).
enum Systemd {
    /// Runs a command, returning its exit status and standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: String...) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `systemctl ARGS…`.
    @discardableResult
    static func systemctl(_ arguments: String...) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemctl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Unit files a test writes into `/etc/systemd/system` (the sandbox's own) and removes.
struct TestUnits {
    let prefix = "siax-dbt-\(UUID().uuidString.prefix(6).lowercased())"

    /// The unit name for `name`.
    func unit(_ name: String) -> String { "\(prefix)-\(name).service" }

    /// Writes `[Service]` lines for `name` (and `[Install]` for enable tests); no daemon-reload.
    func write(_ name: String, _ service: String, unitSection: String = "") throws {
        let text = "[Unit]\n\(unitSection)\n[Service]\n\(service)\n[Install]\nWantedBy=multi-user.target\n"
        try text.write(toFile: "/etc/systemd/system/\(unit(name))", atomically: true, encoding: .utf8)
    }

    /// Stops and removes every unit of this test, then reloads systemd.
    func removeAll() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: "/etc/systemd/system").filter { $0.hasPrefix(prefix) }
        for file in files {
            _ = try? Systemd.systemctl("stop", file)
            _ = try? Systemd.systemctl("disable", file)
            try? FileManager.default.removeItem(atPath: "/etc/systemd/system/\(file)")
        }
        try Systemd.systemctl("daemon-reload")
        for file in files { _ = try? Systemd.systemctl("reset-failed", file) }
    }
}

/// A failure of the test set-up itself.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
