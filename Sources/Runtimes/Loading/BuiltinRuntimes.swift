import Foundation

/// Finds the directory of the built-in runtime definitions.
public enum BuiltinRuntimes {
    /// Where the definitions sit relative to an ancestor of the executable:
    /// the development tree (`.build/<triple>/debug/siax-agent` → `Plugins/runtimes`)
    /// and an installation prefix (`/usr/local/bin/siax-agent` → `/usr/local/share/siax-agent/runtimes`).
    public static let relativeLocations = ["Plugins/runtimes", "share/siax-agent/runtimes"]

    /// The built-in definitions' directory:
    /// 1. `$SIAX_PLUGINS_DIR` when set — its `runtimes` subdirectory when there is one, else the directory itself;
    /// 2. else the first of `relativeLocations` found walking up from the executable's directory;
    /// 3. else nil.
    public static func directory(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String? = currentExecutable()
    ) -> String? {
        if let configured = environment["SIAX_PLUGINS_DIR"], !configured.isEmpty {
            let nested = (configured as NSString).appendingPathComponent("runtimes")
            return isDirectory(nested) ? nested : configured
        }
        guard let executable else { return nil }
        var ancestor = (executable as NSString).deletingLastPathComponent
        while !ancestor.isEmpty {
            for location in relativeLocations {
                let candidate = (ancestor as NSString).appendingPathComponent(location)
                if isDirectory(candidate) { return candidate }
            }
            if ancestor == "/" { break }
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// The running executable's real path (`/proc/self/exe`; the bundle's path elsewhere).
    public static func currentExecutable() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
