import Foundation
import NIOCore
import Synchronization

/// The encoded body of `GET /api/apps`, the hot path, rebuilt at most once
/// per `ttl` and right after anything changed.
///
/// - A change made through the API (every audited route, once when it ends)
///   or announced on the event bus (state changes, alerts) invalidates the
///   body: the next request waits for a fresh one.
/// - Otherwise the body is reused for `ttl`; after that, the first request
///   starts one rebuild and every request meanwhile gets the previous body
///   (the monitor samples CPU and memory every couple of seconds anyway).
/// - Concurrent requests share one rebuild, so a cold cache never turns into
///   one status query per request.
final class AppListCache: Sendable {
    private struct State {
        var body: ByteBuffer?
        var builtAt: ContinuousClock.Instant = .now
        var builtEpoch: UInt64 = 0
        var epoch: UInt64 = 1
        var rebuild: Task<ByteBuffer, any Error>?
        var rebuildEpoch: UInt64 = 0
    }

    private let state = Mutex(State())
    private let ttl: Duration
    private let build: @Sendable () async throws -> ByteBuffer

    /// - Parameters:
    ///   - ttl: how long an unchanged body is reused.
    ///   - build: makes a fresh body.
    init(ttl: Duration, build: @escaping @Sendable () async throws -> ByteBuffer) {
        self.ttl = ttl
        self.build = build
    }

    /// Marks the body out of date.
    func invalidate() {
        state.withLock { $0.epoch &+= 1 }
    }

    /// How many times the body was marked out of date so far.
    var invalidations: UInt64 { state.withLock { $0.epoch - 1 } }

    /// The current body.
    func body() async throws -> ByteBuffer {
        enum Next { case ready(ByteBuffer), wait(Task<ByteBuffer, any Error>) }
        let now = ContinuousClock.now
        let next: Next = state.withLock { s in
            if let body = s.body, s.builtEpoch == s.epoch {
                if now - s.builtAt < ttl { return .ready(body) }
                if s.rebuild == nil { startRebuild(&s) }
                return .ready(body)
            }
            if s.rebuild == nil || s.rebuildEpoch != s.epoch { startRebuild(&s) }
            return .wait(s.rebuild!)
        }
        switch next {
        case .ready(let body): return body
        case .wait(let task): return try await task.value
        }
    }

    private func startRebuild(_ s: inout State) {
        let epoch = s.epoch
        s.rebuildEpoch = epoch
        s.rebuild = Task { [self] in
            do {
                let body = try await self.build()
                self.state.withLock { s in
                    if s.rebuildEpoch == epoch { s.rebuild = nil }
                    if epoch >= s.builtEpoch {
                        s.body = body
                        s.builtEpoch = epoch
                        s.builtAt = .now
                    }
                }
                return body
            } catch {
                self.state.withLock { s in if s.rebuildEpoch == epoch { s.rebuild = nil } }
                throw error
            }
        }
    }
}
