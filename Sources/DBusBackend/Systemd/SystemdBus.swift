import CSystemd
import Glibc

/// Names on systemd's D-Bus API (`org.freedesktop.systemd1`) and the calls the backend makes.
enum SystemdBus {
    static let destination = "org.freedesktop.systemd1"
    static let managerPath = "/org/freedesktop/systemd1"
    static let managerInterface = "org.freedesktop.systemd1.Manager"
    static let unitInterface = "org.freedesktop.systemd1.Unit"
    static let serviceInterface = "org.freedesktop.systemd1.Service"
    static let unitPathPrefix = "/org/freedesktop/systemd1/unit"

    /// A method of the manager object.
    static func manager(_ member: String, _ arguments: [BusArgument] = [], timeout: Duration? = nil) -> MethodCall {
        MethodCall(
            destination: destination, path: managerPath, interface: managerInterface, member: member,
            arguments: arguments, timeout: timeout)
    }

    /// The object path of a unit, e.g. `/org/freedesktop/systemd1/unit/shop_2dapi_2eservice`.
    static func unitPath(_ unit: String) -> String {
        var encoded: UnsafeMutablePointer<CChar>?
        guard sd_bus_path_encode(unitPathPrefix, unit, &encoded) >= 0, let encoded else { return unitPathPrefix + "/_" }
        defer { free(encoded) }
        return String(cString: encoded)
    }

    /// The unit name of a unit object path, or nil for another path.
    static func unitName(ofPath path: String) -> String? {
        var decoded: UnsafeMutablePointer<CChar>?
        guard sd_bus_path_decode(path, unitPathPrefix, &decoded) > 0, let decoded else { return nil }
        defer { free(decoded) }
        return String(cString: decoded)
    }

    // MARK: - Match rules

    /// The manager's signals: `JobRemoved`, `UnitNew`, `UnitRemoved`, `Reloading`, …
    static let managerSignalsRule =
        "type='signal',sender='\(destination)',path='\(managerPath)',interface='\(managerInterface)'"

    /// systemd taking (or dropping) its name on the bus: after a dbus-daemon
    /// restart it reconnects later than clients may, and its subscriptions are gone.
    static let systemdOwnerRule =
        "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',interface='org.freedesktop.DBus',"
        + "member='NameOwnerChanged',arg0='\(destination)'"

    /// Whether a `NameOwnerChanged(name, old owner, new owner)` says systemd now has an owner.
    static func systemdAppeared(_ message: BusMessage) -> Bool {
        guard let name = try? message.string(), (try? message.string()) != nil, let newOwner = try? message.string() else {
            return false
        }
        return name == destination && !newOwner.isEmpty
    }

    /// `PropertiesChanged` of one unit object.
    /// `PropertiesChanged` of every unit object, in one rule (see `UnitSignals`).
    static let unitPropertiesChangedRule =
        "type='signal',sender='\(destination)',path_namespace='\(unitPathPrefix)',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged'"
}
