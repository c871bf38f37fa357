import ArgumentParser
import Foundation
import Kernel

/// `siax-agent config`: prints the effective configuration (defaults, file, environment).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Print the effective configuration as JSON.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        var config = try options.load()
        if config.cloud.token != nil { config.cloud.token = "(set)" }
        if !config.webhook.secrets.isEmpty { config.webhook.secrets = config.webhook.secrets.map { _ in "(set)" } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(config), as: UTF8.self))
    }
}
