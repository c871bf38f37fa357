import Foundation

/// Where bare interpreter names (`node`, `python3`) are looked for.
///
/// A unit runs with systemd's minimal `PATH`, as another user, without the
/// agent's shell set-up, so the search favours what every user can run:
/// 1. the system directories (systemd's own default `PATH`) come first, so
///    `/usr/bin/python3` wins over a per-user installation;
/// 2. then the agent's `PATH`, without version-manager shim directories
///    (`~/.pyenv/shims`, `~/.rbenv/shims`, `~/.asdf/shims`): a shim is a script
///    that picks the real interpreter from its caller's environment and home
///    directory, which a service user usually cannot even read.
///
/// The result is always an absolute path, so the unit does not depend on `PATH`.
/// To pin a specific installation, list its absolute path as a candidate.
public enum InterpreterSearchPath {
    /// systemd's default `PATH` for services.
    public static let systemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]

    /// The system directories, then the absolute, non-shim entries of `PATH`, without duplicates.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let fromPath = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
            .filter { $0.hasPrefix("/") && !$0.split(separator: "/").contains("shims") }
        var seen = Set<String>()
        return (systemDirectories + fromPath).filter { seen.insert($0).inserted }
    }
}
