import CSystemd

/// A method call to send on the bus: where, what, and its arguments.
struct MethodCall: Sendable {
    var destination: String
    var path: String
    var interface: String
    var member: String
    var arguments: [BusArgument]
    /// How long to wait for the reply; nil for libsystemd's default (25 s).
    var timeout: Duration?

    init(
        destination: String, path: String, interface: String, member: String,
        arguments: [BusArgument] = [], timeout: Duration? = nil
    ) {
        self.destination = destination
        self.path = path
        self.interface = interface
        self.member = member
        self.arguments = arguments
        self.timeout = timeout
    }

    /// `org.freedesktop.DBus.Properties.Get(interface, name)` on `path` of `destination`.
    static func getProperty(_ destination: String, _ path: String, _ interface: String, _ name: String) -> MethodCall {
        MethodCall(
            destination: destination, path: path, interface: "org.freedesktop.DBus.Properties", member: "Get",
            arguments: [.string(interface), .string(name)])
    }

    /// `org.freedesktop.DBus.Properties.GetAll(interface)` on `path` of `destination`.
    static func getAllProperties(_ destination: String, _ path: String, _ interface: String) -> MethodCall {
        MethodCall(
            destination: destination, path: path, interface: "org.freedesktop.DBus.Properties", member: "GetAll",
            arguments: [.string(interface)])
    }

    // MARK: - Building (bus thread)

    /// A new sealed-to-be message for this call on `bus`; the caller unrefs it.
    func makeMessage(on bus: OpaquePointer) throws -> OpaquePointer {
        var message: OpaquePointer?
        let r = sd_bus_message_new_method_call(bus, &message, destination, path, interface, member)
        guard r >= 0, let message else { throw DBusError.errno(-r, "building \(interface).\(member)") }
        do {
            for argument in arguments { try argument.append(to: message) }
        } catch {
            sd_bus_message_unref(message)
            throw error
        }
        return message
    }
}

/// One argument of a method call, with its D-Bus type.
indirect enum BusArgument: Sendable {
    case string(String)
    case objectPath(String)
    case bool(Bool)
    case uint32(UInt32)
    case uint64(UInt64)
    case int32(Int32)
    /// `as`
    case strings([String])
    /// `a{ss}`
    case stringDictionary([(String, String)])
    /// `a{sv}`
    case variantDictionary([(String, BusArgument)])
    /// `(…)`
    case structure([BusArgument])

    /// The D-Bus signature of this argument.
    var signature: String {
        switch self {
        case .string: "s"
        case .objectPath: "o"
        case .bool: "b"
        case .uint32: "u"
        case .uint64: "t"
        case .int32: "i"
        case .strings: "as"
        case .stringDictionary: "a{ss}"
        case .variantDictionary: "a{sv}"
        case .structure(let members): "(" + members.map(\.signature).joined() + ")"
        }
    }

    /// Appends the argument to a message being built.
    func append(to message: OpaquePointer) throws {
        switch self {
        case .string(let value): try Self.appendString(message, "s", value)
        case .objectPath(let value): try Self.appendString(message, "o", value)
        case .bool(let value): try Self.appendBasic(message, "b", Int32(value ? 1 : 0))
        case .uint32(let value): try Self.appendBasic(message, "u", value)
        case .uint64(let value): try Self.appendBasic(message, "t", value)
        case .int32(let value): try Self.appendBasic(message, "i", value)
        case .strings(let values):
            try Self.container(message, "a", "s") { for value in values { try Self.appendString(message, "s", value) } }
        case .stringDictionary(let pairs):
            try Self.container(message, "a", "{ss}") {
                for (key, value) in pairs {
                    try Self.container(message, "e", "ss") {
                        try Self.appendString(message, "s", key)
                        try Self.appendString(message, "s", value)
                    }
                }
            }
        case .variantDictionary(let pairs):
            try Self.container(message, "a", "{sv}") {
                for (key, value) in pairs {
                    try Self.container(message, "e", "sv") {
                        try Self.appendString(message, "s", key)
                        try Self.container(message, "v", value.signature) { try value.append(to: message) }
                    }
                }
            }
        case .structure(let members):
            let contents = String(signature.dropFirst().dropLast())
            try Self.container(message, "r", contents) { for member in members { try member.append(to: message) } }
        }
    }

    // MARK: - libsystemd calls

    private static func code(_ type: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: type)) }

    private static func check(_ r: Int32) throws {
        if r < 0 { throw DBusError.errno(-r, "appending an argument") }
    }

    private static func appendString(_ message: OpaquePointer, _ type: Unicode.Scalar, _ value: String) throws {
        try check(value.withCString { sd_bus_message_append_basic(message, code(type), $0) })
    }

    private static func appendBasic<T>(_ message: OpaquePointer, _ type: Unicode.Scalar, _ value: T) throws {
        var copy = value
        try check(withUnsafePointer(to: &copy) { sd_bus_message_append_basic(message, code(type), $0) })
    }

    private static func container(
        _ message: OpaquePointer, _ type: Unicode.Scalar, _ contents: String, _ body: () throws -> Void
    ) throws {
        try check(sd_bus_message_open_container(message, code(type), contents))
        try body()
        try check(sd_bus_message_close_container(message))
    }
}
