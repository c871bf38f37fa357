import Foundation
import Kernel

/// The app registry as one JSON file (`<state_dir>/apps.json`), replaced
/// atomically on every change.
///
/// Why a file and not SQLite: the registry is small (one entry per app, a
/// few hundred at most), written only when an admin changes something, read
/// once at start-up, and operators can read it with `cat`. Atomic replace
/// (temp file, fsync, rename, fsync dir) gives the crash safety we need:
/// after `kill -9` or a full disk the previous file is intact.
public struct FileRegistryStore: RegistryStore {
    /// The registry file's path.
    public let path: String

    /// On-disk layout, versioned for future migrations.
    struct Document: Codable {
        var version: Int
        var apps: [ManagedApp]
    }

    /// A store in `stateDir`, created (mode 0700) if missing.
    public init(stateDir: String) throws {
        try AtomicFile.ensureDirectory(stateDir, mode: 0o700)
        self.path = "\(stateDir)/apps.json"
    }

    public func load() throws -> [ManagedApp] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        do {
            return try Self.decoder.decode(Document.self, from: data).apps
        } catch {
            throw SiaxError(.internal, "the registry \(path) cannot be read (\(error)); it is left untouched — restore it from a backup or move it away")
        }
    }

    public func save(_ apps: [ManagedApp]) throws {
        let data = try Self.encoder.encode(Document(version: 1, apps: apps))
        try AtomicFile.write(data, to: path, mode: 0o600)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
