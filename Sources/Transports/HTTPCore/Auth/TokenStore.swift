import Foundation
import Kernel
import Logging
import Synchronization

/// API tokens, stored hashed (SHA-256) in `<state_dir>/tokens.json` (0600)
/// and compared in constant time.
///
/// The first admin token is `SIAX_ADMIN_TOKEN` when set (kept in memory
/// only, as its hash), else generated on the first start into
/// `<state_dir>/admin.token` (0600).
public final class TokenStore: Sendable {
    /// One token as stored: never the token itself.
    public struct Record: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        public var role: Role
        /// Hex SHA-256 of the token.
        var sha256: String
        public var createdAt: Date
        /// Whether the record lives in the file (false for `SIAX_ADMIN_TOKEN`).
        var persisted = true

        enum CodingKeys: String, CodingKey {
            case id, name, role, sha256
            case createdAt = "created_at"
        }
    }

    private struct Entry: Sendable {
        var record: Record
        var digest: [UInt8]
    }

    private struct File: Codable {
        var tokens: [Record]
    }

    /// The id of the `SIAX_ADMIN_TOKEN` token.
    public static let environmentTokenID = "env-admin"

    private let path: String
    private let entries: Mutex<[Entry]>

    /// Where the tokens of a state directory live.
    public static func filePath(stateDir: String) -> String { "\(stateDir)/tokens.json" }
    /// Where a generated first admin token is written.
    public static func adminTokenPath(stateDir: String) -> String { "\(stateDir)/admin.token" }

    /// Loads the tokens of `stateDir`; adds `adminToken` (from `SIAX_ADMIN_TOKEN`)
    /// or, on the first start, generates one into `admin.token`.
    public init(stateDir: String, adminToken: String?, logger: Logger) throws {
        path = Self.filePath(stateDir: stateDir)
        try AtomicFile.ensureDirectory(stateDir, mode: 0o700)
        let firstStart = !FileManager.default.fileExists(atPath: path)
        var loaded: [Entry] = []
        if !firstStart {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SiaxError(.internal, "cannot read \(path)")
            }
            do {
                loaded = try JSONDecoder.iso8601.decode(File.self, from: data).tokens.compactMap { record in
                    SecretDigest.bytes(hex: record.sha256).map { Entry(record: record, digest: $0) }
                }
            } catch {
                throw SiaxError(.internal, "\(path) is not a valid token file: \(error)")
            }
        }
        entries = Mutex(loaded)

        if let adminToken, !adminToken.isEmpty {
            let record = Record(
                id: Self.environmentTokenID, name: "admin", role: .admin, sha256: "", createdAt: Date(), persisted: false)
            entries.withLock { $0.append(Entry(record: record, digest: SecretDigest.digest(adminToken))) }
            logger.info("admin token: from SIAX_ADMIN_TOKEN")
        } else if firstStart {
            let token = Self.newToken()
            let tokenPath = Self.adminTokenPath(stateDir: stateDir)
            try AtomicFile.write(Data((token + "\n").utf8), to: tokenPath, mode: 0o600)
            _ = try insert(name: "admin", role: .admin, token: token)
            logger.notice("first admin token generated and written to \(tokenPath) (mode 0600); create more with POST /api/tokens")
        }
        if firstStart && !FileManager.default.fileExists(atPath: path) { try save() }
    }

    // MARK: - Queries

    /// The principal of a bearer token, or nil. Every record is compared, in constant time each.
    public func authenticate(_ token: String) -> Principal? {
        let digest = SecretDigest.digest(token)
        return entries.withLock { entries in
            var found: Record?
            for entry in entries where SecretDigest.equal(entry.digest, digest) { found = entry.record }
            return found.map { Principal(tokenID: $0.id, name: $0.name, role: $0.role, method: .bearer) }
        }
    }

    /// The principal of a session, nil once its token was deleted or replaced.
    public func principal(of session: SessionStore.Session) -> Principal? {
        entries.withLock { entries in
            entries.first { $0.record.id == session.tokenID && SecretDigest.hex($0.digest) == session.tokenSHA256 }.map {
                Principal(tokenID: $0.record.id, name: $0.record.name, role: $0.record.role, method: .cookie)
            }
        }
    }

    /// Every token, oldest first.
    public func list() -> [Record] {
        entries.withLock { $0.map(\.record) }
    }

    // MARK: - Changes

    /// Creates a token; returns its record and the token, which is never shown again.
    public func create(name: String, role: Role) throws -> (record: Record, token: String) {
        try Self.validate(name: name)
        let token = Self.newToken()
        let record = try insert(name: name, role: role, token: token)
        return (record, token)
    }

    /// Deletes a token. The environment token and the last admin token cannot be deleted.
    public func delete(id: String) throws {
        try entries.withLock { entries in
            guard let index = entries.firstIndex(where: { $0.record.id == id }) else {
                throw SiaxError(.notFound, "no token with id '\(id)'", field: "id")
            }
            guard entries[index].record.persisted else {
                throw SiaxError(.conflict, "this token comes from SIAX_ADMIN_TOKEN; unset the variable to remove it", field: "id")
            }
            if entries[index].record.role == .admin, entries.filter({ $0.record.role == .admin }).count == 1 {
                throw SiaxError(.conflict, "this is the last admin token; create another admin token first", field: "id")
            }
            let removed = entries.remove(at: index)
            do {
                try write(entries)
            } catch {
                entries.insert(removed, at: index)
                throw error
            }
        }
    }

    // MARK: - Implementation

    private func insert(name: String, role: Role, token: String) throws -> Record {
        let digest = SecretDigest.digest(token)
        let record = Record(
            id: "tok_" + SecretDigest.randomHex(bytes: 6),
            name: name, role: role, sha256: SecretDigest.hex(digest), createdAt: Date())
        try entries.withLock { entries in
            guard !entries.contains(where: { $0.record.name == name }) else {
                throw SiaxError(.conflict, "a token named '\(name)' already exists", field: "name")
            }
            entries.append(Entry(record: record, digest: digest))
            do {
                try write(entries)
            } catch {
                entries.removeLast()
                throw error
            }
        }
        return record
    }

    private func save() throws {
        try entries.withLock { try write($0) }
    }

    private func write(_ entries: [Entry]) throws {
        let file = File(tokens: entries.map(\.record).filter(\.persisted))
        try AtomicFile.write(try JSONEncoder.iso8601.encode(file), to: path, mode: 0o600)
    }

    private static func newToken() -> String { "siax_" + SecretDigest.randomToken(bytes: 32) }

    private static func validate(name: String) throws {
        let ok = !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.@".unicodeScalars.contains($0)
        }
        guard ok else {
            throw SiaxError.invalid("name", "must be 1–64 characters of letters, digits, '-', '_', '.' or '@'")
        }
    }
}

extension JSONEncoder {
    /// An encoder with ISO 8601 dates, for files in the state directory.
    package static var iso8601: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    /// A decoder with ISO 8601 dates, for files in the state directory.
    package static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
