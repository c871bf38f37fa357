import CSystemd
import Glibc

/// The bus thread's side of `DBusConnection`: it owns the `sd_bus`, polls its
/// fd and the inbox's eventfd, dispatches replies and signals, and reconnects
/// with backoff. Used only on its own thread (hence not `Sendable`).
final class BusLoop {
    private let inbox: BusInbox
    private var bus: OpaquePointer?
    private var pending: [UInt64: (Result<BusMessage, DBusError>) -> Void] = [:]
    private var matches: [Int: MatchRegistration] = [:]
    private var observers: [Int: @Sendable (BusEvent, BusLoop) -> Void] = [:]
    private var reconnectAt: UInt64?
    private var backoff = BusLoop.initialBackoff

    static let initialBackoff: UInt64 = 100_000
    static let maximumBackoff: UInt64 = 5_000_000

    init(inbox: BusInbox) {
        self.inbox = inbox
    }

    // MARK: - Event loop

    /// Runs until the inbox is stopped, then closes the connection.
    func run() {
        while true {
            let (work, stopped) = inbox.take()
            for item in work { item(self) }
            if stopped { break }
            processAll()
            if bus == nil, let at = reconnectAt, Self.now() >= at {
                reconnectAt = nil
                if connect() != nil { scheduleReconnect() }
            }
            waitForEvents()
        }
        tearDown(.disconnected("the bus connection was closed"), flush: true)
    }

    /// Dispatches everything libsystemd has read; notices a lost connection.
    private func processAll() {
        while let bus {
            let r = sd_bus_process(bus, nil)
            if r < 0 || (r == 0 && sd_bus_is_open(bus) <= 0) {
                tearDown(.disconnected("the system bus connection was lost (\(DBusError.errno(r < 0 ? -r : ENOTCONN, "bus").message))"))
                scheduleReconnect()
                return
            }
            if r == 0 { return }
        }
    }

    /// Polls the bus fd and the inbox until either is ready or a timeout passes.
    private func waitForEvents() {
        var fds = [pollfd(fd: inbox.wakeFD, events: Int16(POLLIN), revents: 0)]
        var deadline = reconnectAt ?? .max
        if let bus {
            fds.append(pollfd(fd: sd_bus_get_fd(bus), events: Int16(truncatingIfNeeded: sd_bus_get_events(bus)), revents: 0))
            var busDeadline: UInt64 = .max
            if sd_bus_get_timeout(bus, &busDeadline) > 0 { deadline = min(deadline, busDeadline) }
        }
        let now = Self.now()
        let timeout: Int32 = deadline == .max ? -1 : deadline <= now ? 0 : Int32(clamping: (deadline - now + 999) / 1000)
        _ = poll(&fds, nfds_t(fds.count), timeout)
    }

    // MARK: - Connecting

    /// Opens a new connection and installs the matches; nil on success.
    func connect() -> DBusError? {
        var opened: OpaquePointer?
        let r = sd_bus_open_system(&opened)
        guard r >= 0, let opened else {
            return .disconnected("cannot connect to the system bus: \(DBusError.errno(-r, "sd_bus_open_system").message)")
        }
        bus = opened
        for registration in matches.values { install(registration) }
        for observer in observers.values { observer(.connected, self) }
        return nil
    }

    private func scheduleReconnect() {
        reconnectAt = Self.now() + backoff
        backoff = min(backoff * 2, Self.maximumBackoff)
    }

    /// Drops the connection: pending calls fail with `reason`, observers hear it.
    private func tearDown(_ reason: DBusError, flush: Bool = false) {
        guard let old = bus else { return }
        for registration in matches.values { registration.release() }
        bus = nil
        if flush { sd_bus_flush_close_unref(old) } else { sd_bus_close_unref(old) }
        let failed = pending
        pending = [:]
        for handler in failed.values { handler(.failure(reason)) }
        for observer in observers.values { observer(.disconnected(reason), self) }
    }

    // MARK: - Calls

    /// Sends a call; `reply` runs on this thread with the reply or the failure.
    func send(_ call: MethodCall, reply: @escaping (Result<BusMessage, DBusError>) -> Void) {
        guard let bus else {
            reply(.failure(.disconnected("not connected to the system bus (reconnecting)")))
            return
        }
        do {
            let message = try call.makeMessage(on: bus)
            defer { sd_bus_message_unref(message) }
            let usec = call.timeout.map(Self.microseconds) ?? 0
            let r = sd_bus_call_async(bus, nil, message, { message, userdata, _ in
                guard let message, let userdata else { return 0 }
                Unmanaged<BusLoop>.fromOpaque(userdata).takeUnretainedValue().deliverReply(BusMessage(pointer: message))
                return 0
            }, Unmanaged.passUnretained(self).toOpaque(), usec)
            guard r >= 0 else {
                throw [ENOTCONN, ECONNRESET, EPIPE].contains(-r)
                    ? DBusError.disconnected("the system bus connection was lost") : DBusError.errno(-r, "sending \(call.member)")
            }
            var cookie: UInt64 = 0
            _ = sd_bus_message_get_cookie(message, &cookie)
            pending[cookie] = reply
        } catch let error as DBusError {
            reply(.failure(error))
        } catch {
            reply(.failure(.errno(EINVAL, "\(error)")))
        }
    }

    private func deliverReply(_ message: BusMessage) {
        var cookie: UInt64 = 0
        guard sd_bus_message_get_reply_cookie(message.pointer, &cookie) >= 0,
              let handler = pending.removeValue(forKey: cookie) else { return }
        guard let error = message.error else {
            backoff = Self.initialBackoff
            handler(.success(message))
            return
        }
        let open = bus.map { sd_bus_is_open($0) > 0 } ?? false
        handler(.failure(open ? error : .disconnected("the system bus connection was lost (\(error.message))")))
    }

    // MARK: - Matches and observers

    func addMatch(id: Int, rule: String, handler: @escaping @Sendable (BusMessage, BusLoop) -> Void) {
        let registration = MatchRegistration(rule: rule, loop: self, handler: handler)
        matches[id] = registration
        install(registration)
    }

    func removeMatch(id: Int) {
        matches.removeValue(forKey: id)?.release()
    }

    func addObserver(id: Int, handler: @escaping @Sendable (BusEvent, BusLoop) -> Void) {
        observers[id] = handler
        if bus != nil { handler(.connected, self) }
    }

    func removeObserver(id: Int) {
        observers.removeValue(forKey: id)
    }

    private func install(_ registration: MatchRegistration) {
        guard let bus else { return }
        var slot: OpaquePointer?
        let r = sd_bus_add_match_async(bus, &slot, registration.rule, { message, userdata, _ in
            guard let message, let userdata else { return 0 }
            Unmanaged<MatchRegistration>.fromOpaque(userdata).takeUnretainedValue().dispatch(BusMessage(pointer: message))
            return 0
        }, { _, _, _ in
            // Without an install callback libsystemd closes the connection when the bus refuses
            // a match (e.g. dbus-daemon's limit of match rules): the connection is kept instead.
            0
        }, Unmanaged.passUnretained(registration).toOpaque())
        if r >= 0 { registration.slot = slot }
    }

    // MARK: - Time

    /// CLOCK_MONOTONIC in microseconds, libsystemd's clock for timeouts.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000 + UInt64(spec.tv_nsec) / 1000
    }

    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(seconds, 0)) * 1_000_000 + UInt64(max(attoseconds, 0) / 1_000_000_000_000)
    }
}

/// A match rule, its handler, and its libsystemd slot while connected.
final class MatchRegistration {
    let rule: String
    private unowned let loop: BusLoop
    private let handler: @Sendable (BusMessage, BusLoop) -> Void
    var slot: OpaquePointer?

    init(rule: String, loop: BusLoop, handler: @escaping @Sendable (BusMessage, BusLoop) -> Void) {
        self.rule = rule
        self.loop = loop
        self.handler = handler
    }

    /// Hands a matching message to the handler.
    func dispatch(_ message: BusMessage) {
        handler(message, loop)
    }

    /// Removes the match from the connection (the registration stays for a reconnect).
    func release() {
        if let slot { sd_bus_slot_unref(slot) }
        slot = nil
    }
}
