import Kernel

/// The test transport's section: `"greeting": {"text": "…"}`, or `SIAX_GREETING_TEXT`.
public struct GreetingSettings: PluginSettings, Equatable {
    /// The `greeting` section.
    public var greeting = Section()

    /// What `GET /api/greeting` answers.
    public struct Section: Sendable, Equatable, Codable {
        public var text = "hola"

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case text
        }

        public init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            text = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .text) ?? "hola"
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case greeting
    }

    public static let keys = CodingKeys.allCases.map(\.rawValue)

    public static let environment: [EnvironmentOverride] = [
        .init("SIAX_GREETING_TEXT", "greeting.text", .string),
    ]

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: Self.keys)
        greeting = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Section.self, forKey: .greeting) ?? Section()
    }

    public func validate() throws {
        guard !greeting.text.isEmpty else { throw ConfigLoader.invalid("greeting.text", "must not be empty") }
    }
}
