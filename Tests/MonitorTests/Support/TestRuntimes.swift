import Foundation
import Kernel

/// A runtime recognising processes whose executable or `argv[0]` basename is
/// one of `names` (a stand-in for a JSON runtime's process matcher).
struct NamedRuntime: Runtime {
    let id: String
    let names: Set<String>
    var displayName: String { id }

    init(_ id: String, names: Set<String>) {
        self.id = id
        self.names = names
    }

    func execStart(for spec: AppSpec) throws -> [String] { ["/usr/bin/\(names.first!)", spec.scriptPath] + spec.args }

    func matches(_ process: ScannedProcess) -> Bool {
        let candidates = [process.exe, process.argv.first].compactMap { $0.map { ($0 as NSString).lastPathComponent } }
        return candidates.contains(where: names.contains)
    }

    func interpreterInfo() async -> InterpreterInfo { InterpreterInfo(path: "/usr/bin/\(names.first!)", version: "1") }
}

/// A runtime recognising exactly the given PIDs (for scans of the real `/proc`).
struct PIDRuntime: Runtime {
    let pids: Set<Int32>
    var id: String { "pids" }
    var displayName: String { "PIDs" }

    func execStart(for spec: AppSpec) throws -> [String] { [spec.scriptPath] }
    func matches(_ process: ScannedProcess) -> Bool { pids.contains(process.pid) }
    func interpreterInfo() async -> InterpreterInfo { InterpreterInfo(path: nil, version: nil) }
}
