import Kernel
import Runtimes

/// Loads the built-in runtime definitions, then the configured directories.
enum RuntimeSetup {
    /// The catalog and any definition files that could not be loaded.
    static func load(config: AgentConfig) -> (RuntimeCatalog, [RuntimeLoadIssue]) {
        let directories = [BuiltinRuntimes.directory()].compactMap { $0 } + config.runtimeDirs
        let result = RuntimeLoader.load(directories: directories)
        return (result.catalog, result.issues)
    }
}
