import CSystemd
import Glibc

/// A received message, read in place on the bus thread (never stored or sent
/// elsewhere: libsystemd frees it after the callback).
struct BusMessage {
    let pointer: OpaquePointer

    // MARK: - Header

    /// The member of a signal or call, e.g. `JobRemoved`.
    var member: String? { sd_bus_message_get_member(pointer).map { String(cString: $0) } }
    /// The object path it concerns.
    var path: String? { sd_bus_message_get_path(pointer).map { String(cString: $0) } }
    /// The interface of a signal or call.
    var interface: String? { sd_bus_message_get_interface(pointer).map { String(cString: $0) } }
    /// The error this reply carries, if it is an error reply.
    var error: DBusError? {
        guard sd_bus_message_is_method_error(pointer, nil) > 0, let error = sd_bus_message_get_error(pointer) else { return nil }
        return DBusError(error)
    }

    /// Goes back to the first argument, to read the message again.
    func rewind() throws {
        let r = sd_bus_message_rewind(pointer, 1)
        if r < 0 { throw DBusError.errno(-r, "rewinding a message") }
    }

    // MARK: - Basic values

    /// Reads a string (`s`), object path (`o`) or signature (`g`).
    func string(_ type: Unicode.Scalar = "s") throws -> String {
        var value: UnsafePointer<CChar>?
        try check(sd_bus_message_read_basic(pointer, Self.code(type), &value), "\(type)")
        return value.map { String(cString: $0) } ?? ""
    }

    /// Reads an object path.
    func objectPath() throws -> String { try string("o") }

    /// Reads a fixed-size value of D-Bus type `type` (`u`, `t`, `i`, `x`, `y`, `d`, `b` as Int32).
    func basic<T: BitwiseCopyable>(_ type: Unicode.Scalar, as: T.Type, zero: T) throws -> T {
        var value = zero
        try check(withUnsafeMutablePointer(to: &value) { sd_bus_message_read_basic(pointer, Self.code(type), $0) }, "\(type)")
        return value
    }

    func uint32() throws -> UInt32 { try basic("u", as: UInt32.self, zero: 0) }
    func uint64() throws -> UInt64 { try basic("t", as: UInt64.self, zero: 0) }
    func bool() throws -> Bool { try basic("b", as: Int32.self, zero: 0) != 0 }

    // MARK: - Containers

    /// Enters a container; false at the end of the enclosing array.
    @discardableResult
    func enter(_ type: Unicode.Scalar, _ contents: String) throws -> Bool {
        let r = sd_bus_message_enter_container(pointer, Self.code(type), contents)
        if r < 0 { throw DBusError.errno(-r, "entering \(type)\(contents)") }
        return r > 0
    }

    /// Leaves the current container.
    func exit() throws {
        let r = sd_bus_message_exit_container(pointer)
        if r < 0 { throw DBusError.errno(-r, "leaving a container") }
    }

    /// Skips values of the given signature.
    func skip(_ types: String) throws {
        let r = sd_bus_message_skip(pointer, types)
        if r < 0 { throw DBusError.errno(-r, "skipping \(types)") }
    }

    /// Reads a variant as a `PropertyValue` (basic types and string arrays; others are skipped).
    func variant() throws -> PropertyValue {
        var type: CChar = 0
        var contents: UnsafePointer<CChar>?
        let r = sd_bus_message_peek_type(pointer, &type, &contents)
        guard r > 0, type == Self.code("v"), let contents else { throw DBusError.errno(r < 0 ? -r : EBADMSG, "reading a variant") }
        let signature = String(cString: contents)
        try enter("v", signature)
        let value: PropertyValue = switch signature {
        case "s", "o": .string(try string(signature == "s" ? "s" : "o"))
        case "b": .bool(try bool())
        case "u": .uint(UInt64(try uint32()))
        case "t": .uint(try uint64())
        case "i": .int(Int64(try basic("i", as: Int32.self, zero: 0)))
        case "x": .int(try basic("x", as: Int64.self, zero: 0))
        case "as": .strings(try strings())
        default: try skipping(signature)
        }
        try exit()
        return value
    }

    /// Reads an `as` array.
    func strings() throws -> [String] {
        try enter("a", "s")
        var values: [String] = []
        while sd_bus_message_at_end(pointer, 0) == 0 { values.append(try string()) }
        try exit()
        return values
    }

    /// Reads an `a{sv}` dictionary; only the keys in `wanted` when given (the rest are skipped).
    func properties(only wanted: Set<String>? = nil) throws -> [String: PropertyValue] {
        try enter("a", "{sv}")
        var values: [String: PropertyValue] = [:]
        while try enter("e", "sv") {
            let key = try string()
            if wanted?.contains(key) ?? true { values[key] = try variant() } else { try skip("v") }
            try exit()
        }
        try exit()
        return values
    }

    // MARK: - Helpers

    private func skipping(_ signature: String) throws -> PropertyValue {
        try skip(signature)
        return .other(signature)
    }

    private static func code(_ type: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: type)) }

    private func check(_ r: Int32, _ what: String) throws {
        if r < 0 { throw DBusError.errno(-r, "reading \(what)") }
        if r == 0 { throw DBusError(name: "org.freedesktop.DBus.Error.InvalidSignature", message: "expected a value of type \(what)") }
    }
}

/// A property value as read from a variant.
enum PropertyValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case uint(UInt64)
    case int(Int64)
    case strings([String])
    /// A type the backend does not read (its signature).
    case other(String)

    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var uintValue: UInt64? { if case .uint(let u) = self { u } else { nil } }
    var intValue: Int64? {
        switch self {
        case .int(let i): i
        case .uint(let u): u <= UInt64(Int64.max) ? Int64(u) : nil
        default: nil
        }
    }
}
