import ArgumentParser
import Kernel

/// `siax-agent runtimes`: the runtime definitions, whether their interpreter is present, and its version.
struct RuntimesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtimes", abstract: "List runtime definitions and their interpreters.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        let (runtimes, issues) = try RuntimeSetup.load(config: config)
        var rows = [["ID", "NAME", "AVAILABLE", "INTERPRETER", "VERSION"]]
        for runtime in runtimes.all {
            let info = await runtime.interpreterInfo()
            rows.append([runtime.id, runtime.displayName, info.available ? "yes" : "no", info.path ?? "-", info.version ?? "-"])
        }
        print(Table.render(rows))
        for issue in issues { printError("warning: \(issue)") }
    }
}
