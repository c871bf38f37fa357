/// Refuses JSON objects with keys a type does not know, naming the key.
public enum StrictKeys {
    /// Any key, to list everything an object holds.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Throws a `DecodingError.dataCorrupted` naming the first unknown key.
    public static func check(_ decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys.map(\.stringValue).sorted() where !allowed.contains(key) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath + [AnyKey(stringValue: key)],
                debugDescription: "unknown key; known keys: \(allowed.sorted().joined(separator: ", "))"))
        }
    }

    /// `cloud.interval_s`-style path of a decoding error, and what went wrong.
    public static func describe(_ error: any Error) -> (path: String, message: String) {
        guard let error = error as? DecodingError else { return ("", "\(error)") }
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .dataCorrupted(let context):
            return (path(context.codingPath), context.debugDescription)
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is required")
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "expected \(typeName(type)), found null")
        @unknown default:
            return ("", "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Double.Type: return "a number"
        case is [String].Type: return "a list of strings"
        default: return "a value of type \(type)"
        }
    }
}
