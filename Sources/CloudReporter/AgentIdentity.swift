import Foundation
import Kernel

/// The agent's stable identity for the cloud: a UUID kept in
/// `<state_dir>/agent-id` (made on first use), and the host's name.
enum AgentIdentity {
    /// The agent's id, created and stored on first use; a fresh one (not stored) when the state dir is unwritable.
    static func agentID(stateDir: String) -> String {
        let path = "\(stateDir)/agent-id"
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           case let id = text.trimmingCharacters(in: .whitespacesAndNewlines), UUID(uuidString: id) != nil {
            return id
        }
        let id = UUID().uuidString.lowercased()
        try? FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        try? AtomicFile.write(Data("\(id)\n".utf8), to: path, mode: 0o644)
        return id
    }

    /// This host's name.
    static var hostname: String {
        var buffer = [UInt8](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }
}
