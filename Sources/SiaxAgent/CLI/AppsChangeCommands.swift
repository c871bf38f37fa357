import ArgumentParser
import Foundation

// `apps register`, `apps update` and `apps delete` (admin).

extension AppsCommand {
    /// Reads a JSON object from a file (or `-` for standard input).
    static func readSpec(_ file: String) throws -> [String: Any] {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
        guard let data else { throw CLIError.usage("cannot read \(file)") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw CLIError.usage("\(file) is not valid JSON: \(error.localizedDescription)")
        }
        guard let spec = object as? [String: Any] else { throw CLIError.usage("\(file) must hold a JSON object (an app spec, as for POST /api/apps)") }
        return spec
    }

    static func encode(_ spec: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: spec, options: [.withoutEscapingSlashes])
    }

    // MARK: - register

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an app from a JSON spec (writes its unit; does not start it).",
            discussion: """
                The spec is docs/api.md's App object without status, unit and timestamps, e.g.
                {"name":"shop-api","runtime":"python-fastapi","script_path":"/srv/shop/main.py",
                 "working_dir":"/srv/shop","user":"shop","port":8000,"environment":{"ENV":"prod"}}
                """)

        @OptionGroup var client: ClientOptions
        @Argument(help: "App spec JSON file, or - for standard input.") var file: String

        func run() async throws {
            try await runCLI {
                let body = try AppsCommand.encode(try AppsCommand.readSpec(file))
                let data = try await client.client().send(.POST, "/api/apps", json: body)
                if client.json { return printJSON(data) }
                let app = try APIClient.decode(AppInfo.self, data)
                print("registered \(app.name) (\(app.unit ?? "\(app.name).service")); it is not running — start it with: siax-agent apps start \(app.name)")
            }
        }
    }

    // MARK: - update

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace an app's spec from a JSON file; the unit is rewritten.",
            discussion: "A running app keeps running on its old unit until restarted; --restart restarts it now.")

        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String
        @Argument(help: "App spec JSON file, or - for standard input.") var file: String
        @Flag(name: .long, help: "Restart the app now if it is running.") var restart = false

        func run() async throws {
            try await runCLI {
                var spec = try AppsCommand.readSpec(file)
                if spec["name"] == nil && spec["app_name"] == nil { spec["name"] = name }
                let data = try await client.client().send(
                    .PUT, "/api/apps/\(APIClient.segment(name))", query: [("restart", restart ? "true" : nil)],
                    json: try AppsCommand.encode(spec))
                if client.json { return printJSON(data) }
                let app = try APIClient.decode(AppInfo.self, data)
                print("updated \(app.name): \(app.status?.state ?? "unknown")\(restart ? "" : " (restart it to apply a new unit to a running app)")")
            }
        }
    }

    // MARK: - delete

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop and disable an app, remove its unit and forget it (its files stay).")

        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String
        @Flag(name: [.short, .long], help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            try await runCLI {
                if !yes {
                    guard isatty(STDIN_FILENO) == 1 else {
                        throw CLIError.usage("refusing to delete \(name) without confirmation: pass --yes")
                    }
                    FileHandle.standardError.write(Data("Delete \(name)? It is stopped and disabled, and its unit removed. [y/N] ".utf8))
                    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                    guard answer == "y" || answer == "yes" else {
                        printError("not deleted")
                        throw ExitCode(1)
                    }
                }
                let data = try await client.client().send(.DELETE, "/api/apps/\(APIClient.segment(name))")
                if client.json { return printJSON(data) }
                print("deleted \(name)")
            }
        }
    }
}
