import ArgumentParser
import Foundation

// `apps start|stop|restart|enable|disable NAME` (operator): each waits for systemd's job.

/// A command that POSTs one operation on an app and prints its new state.
protocol AppOperationCommand: AsyncParsableCommand {
    /// The path segment: start, stop, restart, enable or disable.
    static var action: String { get }
    var client: ClientOptions { get }
    var name: String { get }
}

extension AppOperationCommand {
    func run() async throws {
        try await runCLI {
            let data = try await client.client().send(.POST, "/api/apps/\(APIClient.segment(name))/\(Self.action)")
            if client.json { return printJSON(data) }
            let app = try APIClient.decode(AppInfo.self, data)
            let status = app.status
            var line = "\(app.name): \(status?.state ?? "unknown")"
            if let pid = status?.pid { line += " (pid \(pid))" }
            if Self.action == "enable" || Self.action == "disable" { line += ", unit file \(status?.unitFileState ?? "unknown")" }
            print(line)
        }
    }
}

extension AppsCommand {
    struct Start: AppOperationCommand {
        static let configuration = CommandConfiguration(abstract: "Start an app and wait for systemd's result.")
        static let action = "start"
        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String
    }

    struct Stop: AppOperationCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an app and wait for systemd's result.")
        static let action = "stop"
        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String
    }

    struct Restart: AppOperationCommand {
        static let configuration = CommandConfiguration(abstract: "Restart an app and wait for systemd's result.")
        static let action = "restart"
        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String
    }

    struct Enable: AppOperationCommand {
        static let configuration = CommandConfiguration(abstract: "Enable an app's unit (start at boot).")
        static let action = "enable"
        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String
    }

    struct Disable: AppOperationCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an app's unit (no start at boot).")
        static let action = "disable"
        @OptionGroup var client: ClientOptions
        @Argument(help: "The app's name.") var name: String
    }
}
