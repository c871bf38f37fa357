/// A JSON value of the configuration, kept as read: the sections the Kernel
/// does not know (a plugin's keys) travel in this form until the plugin
/// decodes them.
public enum ConfigValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let value = try? c.decode(Bool.self) { self = .bool(value) }
        else if let value = try? c.decode(Int.self) { self = .integer(value) }
        else if let value = try? c.decode(Double.self) { self = .number(value) }
        else if let value = try? c.decode(String.self) { self = .string(value) }
        else if let value = try? c.decode([ConfigValue].self) { self = .array(value) }
        else { self = .object(try c.decode([String: ConfigValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let value): try c.encode(value)
        case .integer(let value): try c.encode(value)
        case .number(let value): try c.encode(value)
        case .string(let value): try c.encode(value)
        case .array(let value): try c.encode(value)
        case .object(let value): try c.encode(value)
        }
    }

    /// The value at a dotted key path (`cloud.url`), nil when absent.
    public subscript(path path: String) -> ConfigValue? {
        get {
            var value: ConfigValue? = self
            for part in path.split(separator: ".") {
                guard case .object(let members)? = value else { return nil }
                value = members[String(part)]
            }
            return value
        }
        set {
            let parts = path.split(separator: ".").map(String.init)
            guard let first = parts.first else { return }
            var members: [String: ConfigValue] = if case .object(let members) = self { members } else { [:] }
            if parts.count == 1 {
                members[first] = newValue
            } else {
                var child = members[first] ?? .object([:])
                child[path: parts.dropFirst().joined(separator: ".")] = newValue
                members[first] = child
            }
            self = .object(members)
        }
    }
}
