import Foundation
import Synchronization

/// One private connection to the system bus (`sd_bus_open_system`), owned by
/// a dedicated thread that runs its event loop. Every libsystemd call happens
/// on that thread; callers submit work and await the result, so nothing here
/// blocks the cooperative pool. When the bus goes away the thread reconnects
/// with backoff; calls in flight fail with `DBusError.disconnected`.
final class DBusConnection: Sendable {
    private let inbox: BusInbox
    private let ids = Atomic<Int>(0)

    private init(inbox: BusInbox) {
        self.inbox = inbox
    }

    deinit { inbox.stop() }

    /// Starts the bus thread and connects; throws at once when the bus cannot be reached.
    static func open() async throws -> DBusConnection {
        let inbox = try BusInbox()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                let loop = BusLoop(inbox: inbox)
                if let error = loop.connect() {
                    continuation.resume(throwing: error)
                    return
                }
                continuation.resume()
                loop.run()
            }
            thread.name = "siax-dbus"
            thread.start()
        }
        return DBusConnection(inbox: inbox)
    }

    // MARK: - Calls

    /// Sends one method call and decodes its reply on the bus thread.
    func call<T: Sendable>(_ call: MethodCall, decode: @escaping @Sendable (BusMessage) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = inbox.submit { loop in
                loop.send(call) { reply in
                    continuation.resume(with: Result { try decode(reply.get()) })
                }
            }
            if !accepted { continuation.resume(throwing: DBusError.disconnected("the bus connection is closed")) }
        }
    }

    /// Sends a method call and ignores the body of its reply.
    func call(_ call: MethodCall) async throws {
        try await self.call(call) { _ in () }
    }

    /// Calls one batch keeps in flight at most: dbus-daemon refuses more than
    /// `max_replies_per_connection` (128 by default) pending replies per connection.
    static let window = 32

    /// Sends the calls pipelined on the bus thread, at most `window` awaiting
    /// their replies at a time (each reply sends the next call), and returns
    /// the decoded replies in the order of `calls`.
    func callAll<T: Sendable>(
        _ calls: [MethodCall], decode: @escaping @Sendable (Int, BusMessage) throws -> T
    ) async -> [Result<T, any Error>] {
        guard !calls.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            let accepted = inbox.submit { loop in
                let gather = Gather<T>(count: calls.count) { continuation.resume(returning: $0) }
                var next = 0
                /// Sends call `next` (on the bus thread); its reply sends the one after.
                func sendNext() {
                    guard next < calls.count else { return }
                    let index = next
                    next += 1
                    loop.send(calls[index]) { reply in
                        gather.set(index, Result { try decode(index, reply.get()) })
                        sendNext()
                    }
                }
                for _ in 0..<min(Self.window, calls.count) { sendNext() }
            }
            if !accepted {
                continuation.resume(returning: calls.map { _ in .failure(DBusError.disconnected("the bus connection is closed")) })
            }
        }
    }

    // MARK: - Signals and connection events

    /// Installs a match rule (now and after every reconnect); `handler` runs on
    /// the bus thread for every matching message (and may send on the loop).
    /// Work submitted later is sent after the match is requested, so a call
    /// that follows cannot race it.
    func addMatch(_ rule: String, handler: @escaping @Sendable (BusMessage, BusLoop) -> Void) -> Int {
        let id = ids.wrappingAdd(1, ordering: .relaxed).newValue
        _ = inbox.submit { $0.addMatch(id: id, rule: rule, handler: handler) }
        return id
    }

    /// Removes a match added with `addMatch`.
    func removeMatch(_ id: Int) {
        _ = inbox.submit { $0.removeMatch(id: id) }
    }

    /// Calls `handler` on the bus thread with `.connected` now (when connected)
    /// and on every later connect and disconnect.
    func observe(_ handler: @escaping @Sendable (BusEvent, BusLoop) -> Void) -> Int {
        let id = ids.wrappingAdd(1, ordering: .relaxed).newValue
        _ = inbox.submit { $0.addObserver(id: id, handler: handler) }
        return id
    }

    /// Stops calling an observer.
    func removeObserver(_ id: Int) {
        _ = inbox.submit { $0.removeObserver(id: id) }
    }
}

/// A change of the connection, as observers hear it.
enum BusEvent: Sendable {
    case connected
    case disconnected(DBusError)
}

/// Collects the replies of pipelined calls on the bus thread.
private final class Gather<T: Sendable> {
    private var results: [Result<T, any Error>?]
    private var missing: Int
    private let done: ([Result<T, any Error>]) -> Void

    init(count: Int, done: @escaping ([Result<T, any Error>]) -> Void) {
        results = Array(repeating: nil, count: count)
        missing = count
        self.done = done
    }

    func set(_ index: Int, _ result: Result<T, any Error>) {
        results[index] = result
        missing -= 1
        if missing == 0 { done(results.map { $0! }) }
    }
}
