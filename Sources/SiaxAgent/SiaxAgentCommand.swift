import ArgumentParser
import Kernel

/// `siax-agent`: the daemon and its command-line tools.
@main
struct SiaxAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siax-agent",
        abstract: "Runs Node.js and Python apps as systemd services, and manages them.",
        version: AgentKernel.version,
        subcommands: [
            ServeCommand.self, RuntimesCommand.self, UnitCommand.self, ConfigCommand.self,
            AppsCommand.self, TokenCommand.self, StatusCommand.self, SudoersCommand.self,
        ]
    )

    /// Runs the command line; `serve` first turns off read-ahead on the executable and
    /// transparent huge pages, and moves Swift Concurrency onto NIO's event loops.
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "serve" {
            _ = ExecutableReadAhead.failure
            _ = TransparentHugePages.failure
            _ = EventLoopExecutor.installed
        }
        await main(nil)
    }
}

/// Options shared by every subcommand that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: /etc/siax-agent/config.json when present).")
    var config: String?

    /// The effective configuration, or a clean exit naming the bad key; `plugins` own the keys the Kernel does not know.
    func load(plugins: [any PluginSettings.Type] = Plugins.settings) throws -> AgentConfig {
        do {
            return try ConfigLoader.load(path: config, environment: ProcessInfoEnvironment.current, plugins: plugins)
        } catch let error as SiaxError {
            throw ValidationError(error.message)
        }
    }
}
