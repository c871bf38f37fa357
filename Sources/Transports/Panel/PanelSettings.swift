import Kernel

/// The `panel` part's section. The panel runs whenever the `http` transport
/// does (as it always has); `"panel": {"enabled": false}` leaves it out.
public struct PanelSettings: PluginSettings, Equatable {
    /// The `panel` section.
    public var panel = Section()

    /// Whether the panel is served.
    public struct Section: Sendable, Equatable, Codable {
        public var enabled = true

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled
        }

        public init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            enabled = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case panel
    }

    public static let keys = CodingKeys.allCases.map(\.rawValue)

    public static let environment: [EnvironmentOverride] = [
        .init("SIAX_PANEL_ENABLED", "panel.enabled", .bool),
    ]

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: Self.keys)
        panel = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Section.self, forKey: .panel) ?? Section()
    }
}
