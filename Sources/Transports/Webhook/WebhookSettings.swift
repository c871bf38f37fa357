import Kernel

/// The `webhook` part's section: secrets and clock tolerance for signed commands.
public struct WebhookSettings: PluginSettings, Equatable {
    /// The `webhook` section.
    public var webhook = Section()

    /// Secrets and tolerance for signed webhook commands.
    public struct Section: Sendable, Equatable, Codable {
        /// `whsec_…` secrets; several allow rotation. Webhooks are refused when empty.
        public var secrets: [String] = []
        /// Largest accepted clock difference, in seconds.
        public var toleranceS = 300.0

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case secrets
            case toleranceS = "tolerance_s"
        }

        public init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            secrets = try c.decodeIfPresent([String].self, forKey: .secrets) ?? []
            toleranceS = try c.decodeIfPresent(Double.self, forKey: .toleranceS) ?? 300
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case webhook
    }

    public static let keys = CodingKeys.allCases.map(\.rawValue)

    public static let environment: [EnvironmentOverride] = [
        .init("SIAX_WEBHOOK_SECRETS", "webhook.secrets", .list),
    ]

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: Self.keys)
        webhook = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Section.self, forKey: .webhook) ?? Section()
    }

    public func validate() throws {
        guard webhook.toleranceS > 0, webhook.toleranceS.isFinite else {
            throw ConfigLoader.invalid("webhook.tolerance_s", "must be a positive number")
        }
        for (index, secret) in webhook.secrets.enumerated() where !secret.hasPrefix("whsec_") {
            throw ConfigLoader.invalid("webhook.secrets[\(index)]", "must start with whsec_")
        }
    }

    public var masked: WebhookSettings {
        var copy = self
        copy.webhook.secrets = webhook.secrets.map { _ in "(set)" }
        return copy
    }
}
