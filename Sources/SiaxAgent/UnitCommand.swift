import ArgumentParser
import Foundation
import Kernel
import Logging

/// `siax-agent unit render FILE.json`: the unit a spec would produce, or its validation errors.
struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit", abstract: "Work with generated unit files.", subcommands: [Render.self])

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the unit that an app spec (JSON, as for POST /api/apps) would produce.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "App spec JSON file, or - for standard input.") var file: String

        func run() async throws {
            let config = try options.load()
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
            guard let data else { throw ValidationError("cannot read \(file)") }
            let (runtimes, issues) = try RuntimeSetup.load(config: config)
            for issue in issues { printError("warning: \(issue)") }
            let spec: AppSpec
            do {
                spec = try JSONDecoder().decode(AppSpec.self, from: data)
            } catch {
                let (field, message) = StrictKeys.describe(error)
                printError("\(file): \(field.isEmpty ? "" : "\(field): ")\(message)")
                throw ExitCode(2)
            }
            do {
                let runtime = try SpecValidator(runtimes: runtimes, allowRoot: config.allowRootApps).validate(spec)
                print(try UnitRenderer().render(spec, runtime: runtime), terminator: "")
            } catch let error as SiaxError {
                for problem in error.details.isEmpty ? [FieldError(field: error.field ?? "", message: error.message)] : error.details {
                    printError("\(problem.field): \(problem.message)")
                }
                throw ExitCode(2)
            }
        }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
