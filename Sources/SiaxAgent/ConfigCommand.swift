import ArgumentParser
import Foundation
import Kernel

/// `siax-agent config`: prints the effective configuration (defaults, file, environment).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Print the effective configuration as JSON.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let plugins = Plugins.settings
        let config = try options.load(plugins: plugins)
        var effective = try Self.value(config)
        for plugin in plugins {
            guard case .object(let keys) = try Self.value(try Self.masked(plugin, in: config)) else { continue }
            for (key, value) in keys { effective[path: key] = value }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(effective), as: UTF8.self))
    }

    /// A plugin's settings with their defaults, secrets masked.
    private static func masked<Settings: PluginSettings>(_ type: Settings.Type, in config: AgentConfig) throws -> Settings {
        try config.settings(type).masked
    }

    private static func value(_ encodable: some Encodable) throws -> ConfigValue {
        try JSONDecoder().decode(ConfigValue.self, from: JSONEncoder().encode(encodable))
    }
}
