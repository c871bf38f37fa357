import CSystemd
import Glibc

/// A D-Bus error reply, or a failure of the connection itself, by D-Bus error name.
struct DBusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The D-Bus error name, e.g. `org.freedesktop.systemd1.NoSuchUnit`.
    let name: String
    /// The text that came with it.
    let message: String

    init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    /// A copy of a libsystemd error (which the caller still frees).
    init(_ error: UnsafePointer<sd_bus_error>) {
        name = error.pointee.name.map { String(cString: $0) } ?? "org.freedesktop.DBus.Error.Failed"
        message = error.pointee.message.map { String(cString: $0) } ?? ""
    }

    var description: String { message.isEmpty ? name : "\(name): \(message)" }

    // MARK: - Names the backend tells apart

    static let disconnectedName = "org.freedesktop.DBus.Error.Disconnected"
    static let accessDeniedNames: Set<String> = [
        "org.freedesktop.DBus.Error.AccessDenied", "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired",
        "System.Error.EACCES", "System.Error.EPERM",
    ]
    static let noSuchUnitNames: Set<String> = [
        "org.freedesktop.systemd1.NoSuchUnit", "org.freedesktop.DBus.Error.FileNotFound",
    ]
    static let unreachableNames: Set<String> = [
        disconnectedName, "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
        "org.freedesktop.DBus.Error.NoServer", "System.Error.ECONNREFUSED", "System.Error.ECONNRESET",
        "System.Error.ENOTCONN",
    ]
    static let timeoutNames: Set<String> = [
        "org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Timeout", "System.Error.ETIMEDOUT",
    ]

    /// Whether polkit or the bus refused the caller.
    var isAccessDenied: Bool { Self.accessDeniedNames.contains(name) }
    /// Whether the bus or systemd cannot be reached.
    var isUnreachable: Bool { Self.unreachableNames.contains(name) }

    // MARK: - Constructors

    /// The connection to the system bus is gone (or was never made).
    static func disconnected(_ detail: String) -> DBusError {
        DBusError(name: disconnectedName, message: detail)
    }

    /// A failed libsystemd call that returned `-code`.
    static func errno(_ code: Int32, _ what: String) -> DBusError {
        DBusError(name: "System.Error.\(errnoName(code))", message: "\(what): \(String(cString: strerror(code)))")
    }

    /// `ENOENT` for 2, and so on, for the codes a bus client meets; the number otherwise.
    private static func errnoName(_ code: Int32) -> String {
        switch code {
        case ENOENT: "ENOENT"
        case EACCES: "EACCES"
        case EPERM: "EPERM"
        case ECONNREFUSED: "ECONNREFUSED"
        case ECONNRESET: "ECONNRESET"
        case ENOTCONN: "ENOTCONN"
        case ETIMEDOUT: "ETIMEDOUT"
        case ENXIO: "ENXIO"
        default: "E\(code)"
        }
    }
}
