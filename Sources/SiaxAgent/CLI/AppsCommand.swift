import ArgumentParser
import Foundation

/// `siax-agent apps …`: manage the apps of a running agent over its API.
struct AppsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apps",
        abstract: "Manage the apps of a running agent (list, register, start, logs, …).",
        discussion: """
            Talks to a running agent over HTTP. Address: --url, $SIAX_URL, else http://<config listen>. \
            Token: --token, $SIAX_TOKEN, else <state_dir>/admin.token. Exit codes: 0 ok, 1 the agent \
            refused (its message is printed), 2 usage, 3 agent unreachable.
            """,
        subcommands: [
            List.self, Show.self, Register.self, Update.self,
            Start.self, Stop.self, Restart.self, Enable.self, Disable.self,
            Delete.self, Logs.self, Unit.self,
        ])

    // MARK: - list

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List apps with their state, PID, CPU and memory.")

        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await runCLI {
                let (list, raw) = try await client.client().get(AppList.self, "/api/apps")
                if client.json { return printJSON(raw) }
                guard !list.apps.isEmpty else {
                    print("No apps registered. Register one with: siax-agent apps register FILE.json")
                    return
                }
                var rows = [["NAME", "RUNTIME", "STATE", "PID", "CPU", "MEM", "UPTIME", "RESTARTS", "BOOT", "PORT"]]
                for app in list.apps.sorted(by: { $0.name < $1.name }) {
                    let status = app.status
                    rows.append([
                        app.name, app.runtime, status?.state ?? "unknown", Human.text(status?.pid),
                        Human.percent(status?.cpuPercent), Human.bytes(status?.memoryBytes),
                        status?.state == "running" ? Human.duration(status?.uptimeSeconds) : "-",
                        Human.text(status?.restarts ?? 0), app.enabled == true ? "enabled" : "disabled", Human.text(app.port),
                    ])
                }
                print(Table.render(rows))
            }
        }
    }

    // MARK: - show

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one app: its spec and status.")

        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String

        func run() async throws {
            try await runCLI {
                let (app, raw) = try await client.client().get(AppInfo.self, "/api/apps/\(APIClient.segment(name))")
                if client.json { return printJSON(raw) }
                print(Self.describe(app))
            }
        }

        /// The app as "key  value" lines, then its environment.
        static func describe(_ app: AppInfo) -> String {
            let status = app.status
            var rows: [[String]] = [
                ["Name:", app.name],
                ["State:", "\(status?.state ?? "unknown") (\(Human.text(status?.activeState))/\(Human.text(status?.subState)), unit file \(Human.text(status?.unitFileState)))"],
                ["PID:", Human.text(status?.pid)],
                ["CPU:", Human.percent(status?.cpuPercent)],
                ["Memory:", Human.bytes(status?.memoryBytes)],
                ["Uptime:", status?.state == "running" ? Human.duration(status?.uptimeSeconds) : "-"],
                ["Restarts:", Human.text(status?.restarts ?? 0)],
                ["Since:", Human.text(status?.since)],
                ["Result:", Human.text(status?.result)],
                ["Runtime:", app.runtime],
                ["Script:", Human.text(app.scriptPath)],
                ["Working dir:", Human.text(app.workingDir)],
                ["User:", Human.text(app.user)],
                ["Args:", (app.args ?? []).isEmpty ? "-" : (app.args ?? []).map { $0.debugDescription }.joined(separator: " ")],
                ["Port:", Human.text(app.port)],
                ["Restart:", Human.text(app.restart)],
                ["Start at boot:", app.enabled == true ? "yes" : "no"],
                ["Memory max:", Human.text(app.limits?.memoryMax)],
                ["CPU quota:", Human.text(app.limits?.cpuQuota)],
                ["Unit:", Human.text(app.unit)],
                ["Created:", Human.text(app.createdAt)],
                ["Updated:", Human.text(app.updatedAt)],
            ]
            let environment = (app.environment ?? [:]).sorted { $0.key < $1.key }
            rows.append(["Environment:", environment.isEmpty ? "-" : "\(environment.count) variable\(environment.count == 1 ? "" : "s")"])
            for (key, value) in environment { rows.append(["", "\(key)=\(value)"]) }
            return Table.render(rows)
        }
    }

    // MARK: - unit

    struct Unit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the systemd unit file generated for an app.")

        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String

        func run() async throws {
            try await runCLI {
                let data = try await client.client().send(.GET, "/api/apps/\(APIClient.segment(name))/unit")
                FileHandle.standardOutput.write(data)
            }
        }
    }
}
