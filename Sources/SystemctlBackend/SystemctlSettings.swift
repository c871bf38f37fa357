import Kernel

/// The `systemctl` backend's key: run `systemctl` and `journalctl` through `sudo -n`.
public struct SystemctlSettings: PluginSettings, Equatable {
    /// Run `systemctl`/`journalctl` through `sudo -n` (agent not running as root).
    public var useSudo = false

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case useSudo = "use_sudo"
    }

    public static let keys = CodingKeys.allCases.map(\.rawValue)

    public static let environment: [EnvironmentOverride] = [
        .init("SIAX_USE_SUDO", "use_sudo", .bool),
    ]

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: Self.keys)
        useSudo = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .useSudo) ?? false
    }
}
