import Foundation

/// A plugin's settings: the top-level configuration keys it owns (a section
/// such as `webhook`, or plain keys such as `listen`), decoded and checked by
/// the plugin, with the `SIAX_*` variables that set them. The Kernel keeps
/// these keys raw (`AgentConfig.sections`) and refuses a key no plugin owns.
///
/// Decoding sees an object holding only `keys`; a nested section refuses an
/// unknown key with its full path (`webhook.secrett`, see `StrictKeys`).
public protocol PluginSettings: Codable, Sendable {
    /// The defaults: what decoding `{}` gives.
    init()
    /// The top-level keys this plugin owns.
    static var keys: [String] { get }
    /// The `SIAX_*` variables that override these keys.
    static var environment: [EnvironmentOverride] { get }
    /// Checks values that decode but make no sense; throws `ConfigLoader.invalid` naming the key.
    func validate() throws
    /// These settings with secrets replaced, for `siax-agent config`.
    var masked: Self { get }
}

extension PluginSettings {
    public static var environment: [EnvironmentOverride] { [] }
    public func validate() throws {}
    public var masked: Self { self }
}

/// The settings of a plugin that has none.
public struct NoSettings: PluginSettings {
    public static let keys: [String] = []
    public init() {}
}
