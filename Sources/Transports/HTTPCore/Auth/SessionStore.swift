import Foundation
import Kernel
import Synchronization

/// Browser sessions made from a token (`POST /api/session`), kept in memory
/// and in `<state_dir>/sessions.json` (0600), so that an agent restart does
/// not log the panel out.
///
/// The cookie holds a random session id; the store keeps only its SHA-256,
/// the token id it stands for with that token's SHA-256 (a session ends when
/// its token is deleted or, for `SIAX_ADMIN_TOKEN`, replaced) and when it
/// expires. A session ends when it expires, is deleted, or its token is gone.
/// A session that cannot be saved (a full disk) lives until the agent stops.
public final class SessionStore: Sendable {
    /// The cookie's name.
    public static let cookieName = "siax_session"

    /// What a live session stands for.
    public struct Session: Sendable, Codable, Equatable {
        public var tokenID: String
        /// Hex SHA-256 of the token the session was made from.
        public var tokenSHA256: String
        public var expires: Date

        enum CodingKeys: String, CodingKey {
            case tokenID = "token_id", tokenSHA256 = "token_sha256", expires
        }
    }

    private struct File: Codable {
        /// By the hex SHA-256 of the session id.
        var sessions: [String: Session]
    }

    private let sessions: Mutex<[String: Session]>
    /// The file sessions are saved to; nil keeps them in memory only.
    private let path: String?
    /// How long a session lasts.
    public let lifetime: TimeInterval
    private let limit: Int

    /// Where the sessions of a state directory live.
    public static func filePath(stateDir: String) -> String { "\(stateDir)/sessions.json" }

    /// - Parameters:
    ///   - path: the sessions file, read now (a missing or unreadable one is no session); nil: memory only.
    ///   - lifetime: seconds a session lasts (12 hours by default).
    ///   - limit: most sessions kept; the oldest go first.
    public init(path: String? = nil, lifetime: TimeInterval = 12 * 3600, limit: Int = 1000, now: Date = Date()) {
        self.path = path
        self.lifetime = lifetime
        self.limit = limit
        let saved = path.flatMap { FileManager.default.contents(atPath: $0) }
            .flatMap { try? JSONDecoder.iso8601.decode(File.self, from: $0).sessions } ?? [:]
        sessions = Mutex(saved.filter { $0.value.expires > now })
    }

    /// Starts a session for the token `tokenID` whose hex SHA-256 is `tokenSHA256`;
    /// returns the id to put in the cookie and when it expires.
    public func create(tokenID: String, tokenSHA256: String, now: Date = Date()) -> (id: String, expires: Date) {
        let id = SecretDigest.randomToken(bytes: 32)
        let expires = now.addingTimeInterval(lifetime)
        sessions.withLock { sessions in
            if sessions.count >= limit {
                sessions = sessions.filter { $0.value.expires > now }
                while sessions.count >= limit, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                    sessions[oldest.key] = nil
                }
            }
            sessions[Self.key(id)] = Session(tokenID: tokenID, tokenSHA256: tokenSHA256, expires: expires)
            save(sessions)
        }
        return (id, expires)
    }

    /// What a live session stands for, or nil.
    public func session(_ id: String, now: Date = Date()) -> Session? {
        let key = Self.key(id)
        return sessions.withLock { sessions in
            guard let session = sessions[key] else { return nil }
            guard session.expires > now else {
                sessions[key] = nil
                save(sessions)
                return nil
            }
            return session
        }
    }

    /// Ends a session.
    public func delete(_ id: String) {
        let key = Self.key(id)
        sessions.withLock { sessions in
            guard sessions.removeValue(forKey: key) != nil else { return }
            save(sessions)
        }
    }

    /// Live session count.
    public var count: Int { sessions.withLock { $0.count } }

    /// Writes the sessions to the file, when there is one; a failed write leaves them in memory only.
    private func save(_ sessions: [String: Session]) {
        guard let path, let data = try? JSONEncoder.iso8601.encode(File(sessions: sessions)) else { return }
        try? AtomicFile.write(data, to: path, mode: 0o600)
    }

    private static func key(_ id: String) -> String { SecretDigest.hex(SecretDigest.digest(id)) }
}
