import Foundation
import Kernel

/// The `cloud` transport's section: where and how often to push status reports.
public struct CloudSettings: PluginSettings, Equatable {
    /// The `cloud` section.
    public var cloud = Section()

    /// Where and how often to push status reports.
    public struct Section: Sendable, Equatable, Codable {
        /// Base URL of the SIAX cloud API; reporting is off when nil.
        public var url: String? = nil
        /// Bearer token for the cloud API.
        public var token: String? = nil
        /// Seconds between periodic reports.
        public var intervalS = 60.0
        /// Reports kept on disk while the cloud is unreachable.
        public var outboxMax = 1000

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case url, token
            case intervalS = "interval_s"
            case outboxMax = "outbox_max"
        }

        public init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            url = try c.decodeIfPresent(String.self, forKey: .url)
            token = try c.decodeIfPresent(String.self, forKey: .token)
            intervalS = try c.decodeIfPresent(Double.self, forKey: .intervalS) ?? 60
            outboxMax = try c.decodeIfPresent(Int.self, forKey: .outboxMax) ?? 1000
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case cloud
    }

    public static let keys = CodingKeys.allCases.map(\.rawValue)

    public static let environment: [EnvironmentOverride] = [
        .init("SIAX_CLOUD_URL", "cloud.url", .optionalString),
        .init("SIAX_CLOUD_TOKEN", "cloud.token", .optionalString),
        .init("SIAX_CLOUD_INTERVAL_S", "cloud.interval_s", .number),
    ]

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: Self.keys)
        cloud = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Section.self, forKey: .cloud) ?? Section()
    }

    public func validate() throws {
        guard cloud.intervalS > 0, cloud.intervalS.isFinite else {
            throw ConfigLoader.invalid("cloud.interval_s", "must be a positive number")
        }
        guard cloud.outboxMax >= 1 else { throw ConfigLoader.invalid("cloud.outbox_max", "must be at least 1") }
        if let url = cloud.url, URL(string: url)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ConfigLoader.invalid("cloud.url", "must be an http or https URL")
        }
    }

    public var masked: CloudSettings {
        var copy = self
        if copy.cloud.token != nil { copy.cloud.token = "(set)" }
        return copy
    }
}
