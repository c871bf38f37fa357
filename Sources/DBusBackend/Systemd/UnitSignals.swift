import Synchronization

/// One `PropertiesChanged` match for every unit object (`path_namespace`),
/// shared by the status reader and the state stream, which subscribe per unit
/// here. A match rule per unit would pass dbus-daemon's limit of match rules per
/// connection (`max_match_rules_per_connection`, 512 by default) at a few
/// hundred apps; one rule costs a dictionary look-up per signal of any unit.
final class UnitSignals: Sendable {
    private struct Subscriptions {
        var handlers: [String: [Int: @Sendable (BusMessage) -> Void]] = [:]
        var units: [Int: String] = [:]
        var next = 0
    }

    private let subscriptions = Mutex(Subscriptions())

    /// Installs the shared match on `connection` (again after every reconnect).
    init(connection: DBusConnection) {
        _ = connection.addMatch(SystemdBus.unitPropertiesChangedRule) { [weak self] message, _ in
            self?.dispatch(message)
        }
    }

    /// Hands a signal to the subscribers of its unit (on the bus thread).
    private func dispatch(_ message: BusMessage) {
        guard let path = message.path, let unit = SystemdBus.unitName(ofPath: path) else { return }
        let handlers = subscriptions.withLock { Array(($0.handlers[unit] ?? [:]).values) }
        for handler in handlers {
            handler(message)
            _ = try? message.rewind()
        }
    }

    /// Calls `handler` (on the bus thread) for every `PropertiesChanged` of `unit`'s
    /// object until `unsubscribe`; returns the subscription's id.
    func subscribe(_ unit: String, handler: @escaping @Sendable (BusMessage) -> Void) -> Int {
        subscriptions.withLock { state in
            state.next += 1
            state.handlers[unit, default: [:]][state.next] = handler
            state.units[state.next] = unit
            return state.next
        }
    }

    /// Ends a subscription (any thread, the bus thread too).
    func unsubscribe(_ id: Int) {
        subscriptions.withLock { state in
            guard let unit = state.units.removeValue(forKey: id) else { return }
            state.handlers[unit]?[id] = nil
            if state.handlers[unit]?.isEmpty == true { state.handlers[unit] = nil }
        }
    }
}
