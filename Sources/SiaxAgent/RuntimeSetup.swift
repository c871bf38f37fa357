import Kernel
import Runtimes

/// Loads the built-in runtime definitions, then the configured directories.
enum RuntimeSetup {
    /// The catalog and any definition files that could not be loaded; an error
    /// when the built-in definitions are not installed beside the binary.
    static func load(config: AgentConfig) throws -> (RuntimeCatalog, [RuntimeLoadIssue]) {
        guard let builtin = BuiltinRuntimes.directory() else {
            throw SiaxError(
                .internal,
                "the built-in runtime definitions are missing: no \(BuiltinRuntimes.relativeLocations.joined(separator: " or ")) above \(BuiltinRuntimes.currentExecutable() ?? "the executable"); install them beside the binary, or set SIAX_PLUGINS_DIR",
                field: "SIAX_PLUGINS_DIR")
        }
        let result = RuntimeLoader.load(directories: [builtin] + config.runtimeDirs)
        return (result.catalog, result.issues)
    }
}
