/// A runtime's `exec_start`: the `ExecStart=` argv with placeholders.
///
/// Rules, checked when the definition is decoded:
/// - the first element is exactly `{interpreter}`, so the program run is
///   always the interpreter resolved from the definition;
/// - the last element is exactly `{args...}` and appears nowhere else, so the
///   user's args come after everything else and can never become interpreter options;
/// - every other `{…}` is a known `Placeholder`, replaced inside its element
///   (`"{module}:app"` → `"main:app"`); braces are not allowed otherwise.
public struct ExecTemplate: Sendable, Decodable {
    /// The template as written in the definition.
    public let elements: [String]
    /// Parsed elements, without the final `{args...}`.
    private let parsed: [[Segment]]

    /// The element where the user's args go.
    public static let argsElement = "{args...}"

    enum Segment: Sendable, Equatable {
        case text(String)
        case placeholder(Placeholder)
    }

    /// Decodes and checks a template; an error names the element, e.g. `exec_start[3]`.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String].self)
        func fail(_ index: Int, _ message: String) -> DecodingError {
            .invalid(at: decoder.codingPath + [PathKey(index)], message)
        }
        guard raw.last == Self.argsElement else {
            if let index = raw.firstIndex(of: Self.argsElement) {
                throw fail(index, "\(Self.argsElement) must be the last element, so the user's args come after everything else")
            }
            throw DecodingError.invalid(at: decoder.codingPath, "must end with the element \"\(Self.argsElement)\", where the user's args go")
        }
        let body = raw.dropLast()
        if let index = body.firstIndex(of: Self.argsElement) {
            throw fail(index, "\(Self.argsElement) may appear only once, as the last element")
        }
        guard body.first == Placeholder.interpreter.token else {
            throw fail(0, "must be \"\(Placeholder.interpreter.token)\": the program is always the interpreter the definition resolves")
        }
        var parsed: [[Segment]] = []
        for (index, element) in body.enumerated() {
            do {
                parsed.append(try Self.segments(of: element))
            } catch {
                throw fail(index, error.message)
            }
        }
        self.elements = raw
        self.parsed = parsed
    }

    /// Whether some element uses `placeholder`.
    public func uses(_ placeholder: Placeholder) -> Bool {
        parsed.contains { $0.contains(.placeholder(placeholder)) }
    }

    /// The argv: each element with its placeholders replaced, then `args`.
    /// A placeholder missing from `values` becomes empty; callers validate first.
    func render(_ values: [Placeholder: String], args: [String]) -> [String] {
        let head = parsed.map { segments in
            segments.map { segment -> String in
                switch segment {
                case .text(let text): text
                case .placeholder(let placeholder): values[placeholder, default: ""]
                }
            }.joined()
        }
        return head + args
    }

    // MARK: - Parsing

    struct Problem: Error {
        let message: String
    }

    /// Splits one element into text and placeholders.
    static func segments(of element: String) throws(Problem) -> [Segment] {
        var segments: [Segment] = []
        var rest = Substring(element)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            if rest[open] == "}" { throw Problem(message: "has a '}' without an opening '{'") }
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw Problem(message: "has a '{' without a closing '}'")
            }
            let name = rest[rest.index(after: open)..<close]
            guard let placeholder = Placeholder(rawValue: String(name)) else {
                let known = Placeholder.allCases.map(\.token).joined(separator: ", ")
                let hint = name == "args..." ? "\(argsElement) must be a whole element (the last one)" : "unknown placeholder {\(name)}"
                throw Problem(message: "\(hint); known: \(known), and \(argsElement) as the last element")
            }
            if open > rest.startIndex { segments.append(.text(String(rest[..<open]))) }
            segments.append(.placeholder(placeholder))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { segments.append(.text(String(rest))) }
        return segments
    }
}
