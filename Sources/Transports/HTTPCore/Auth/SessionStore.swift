import Foundation
import Synchronization

/// Browser sessions made from a token (`POST /api/session`), kept in memory.
///
/// The cookie holds a random session id; the store keeps only its SHA-256, the
/// token id it stands for and when it expires. A session ends when it
/// expires, is deleted, or its token is deleted.
public final class SessionStore: Sendable {
    /// The cookie's name.
    public static let cookieName = "siax_session"

    private struct Session: Sendable {
        var tokenID: String
        var expires: Date
    }

    private let sessions = Mutex<[String: Session]>([:])
    /// How long a session lasts.
    public let lifetime: TimeInterval
    private let limit: Int

    /// - Parameters:
    ///   - lifetime: seconds a session lasts (12 hours by default).
    ///   - limit: most sessions kept; the oldest go first.
    public init(lifetime: TimeInterval = 12 * 3600, limit: Int = 1000) {
        self.lifetime = lifetime
        self.limit = limit
    }

    /// Starts a session for a token; returns the id to put in the cookie and when it expires.
    public func create(tokenID: String, now: Date = Date()) -> (id: String, expires: Date) {
        let id = SecretDigest.randomToken(bytes: 32)
        let expires = now.addingTimeInterval(lifetime)
        sessions.withLock { sessions in
            if sessions.count >= limit {
                sessions = sessions.filter { $0.value.expires > now }
                while sessions.count >= limit, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                    sessions[oldest.key] = nil
                }
            }
            sessions[Self.key(id)] = Session(tokenID: tokenID, expires: expires)
        }
        return (id, expires)
    }

    /// The token id of a live session, or nil.
    public func tokenID(forSession id: String, now: Date = Date()) -> String? {
        let key = Self.key(id)
        return sessions.withLock { sessions in
            guard let session = sessions[key] else { return nil }
            guard session.expires > now else {
                sessions[key] = nil
                return nil
            }
            return session.tokenID
        }
    }

    /// Ends a session.
    public func delete(_ id: String) {
        let key = Self.key(id)
        _ = sessions.withLock { $0.removeValue(forKey: key) }
    }

    /// Live session count.
    public var count: Int { sessions.withLock { $0.count } }

    private static func key(_ id: String) -> String { SecretDigest.hex(SecretDigest.digest(id)) }
}
