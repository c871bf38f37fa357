import Kernel

/// One scan, indexed for the reconciler: processes by owning unit, and the
/// processes outside every managed unit ("strays") by working directory and
/// by the scripts named in their command line. Built in one linear pass, so
/// looking up an app costs nothing more per process.
struct ProcessIndex {
    private var byUnit: [String: [ScannedProcess]] = [:]
    private var strays: [ScannedProcess] = []
    private var straysByCwd: [String: [Int]] = [:]
    private var straysByScript: [String: [Int]] = [:]

    /// - Parameters:
    ///   - processes: one scan.
    ///   - managedUnits: the units of the registered apps.
    init(_ processes: [ScannedProcess], managedUnits: Set<String>) {
        for process in processes {
            if let unit = process.unit, managedUnits.contains(unit) {
                byUnit[unit, default: []].append(process)
                continue
            }
            let index = strays.count
            strays.append(process)
            if let cwd = process.cwd { straysByCwd[cwd, default: []].append(index) }
            for script in Self.scriptPaths(of: process) { straysByScript[script, default: []].append(index) }
        }
    }

    /// The processes in a unit's cgroup.
    func processes(in unit: String) -> [ScannedProcess] {
        byUnit[unit] ?? []
    }

    /// Processes outside every managed unit that look like the app's: its
    /// script in their command line, or its working directory as theirs; and
    /// recognised by the app's runtime when that runtime is loaded.
    func strays(like spec: AppSpec, runtime: (any Runtime)?) -> [ScannedProcess] {
        let indices = Set((straysByScript[spec.scriptPath] ?? []) + (straysByCwd[spec.workingDir] ?? []))
        return indices.sorted().map { strays[$0] }.filter { runtime?.matches($0) ?? true }
    }

    /// Absolute paths of the arguments after `argv[0]` that are not options;
    /// relative ones are resolved against the process's working directory.
    static func scriptPaths(of process: ScannedProcess) -> [String] {
        process.argv.dropFirst().compactMap { argument in
            if argument.hasPrefix("/") { return argument }
            guard !argument.isEmpty, !argument.hasPrefix("-"), let cwd = process.cwd else { return nil }
            let relative = argument.hasPrefix("./") ? String(argument.dropFirst(2)) : argument
            return cwd.hasSuffix("/") ? cwd + relative : "\(cwd)/\(relative)"
        }
    }
}
