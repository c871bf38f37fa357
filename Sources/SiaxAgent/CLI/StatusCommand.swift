import ArgumentParser
import Foundation

/// `siax-agent status`: the running agent's health, and a count of its apps by state.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show whether the agent runs, its version, backend and privileges.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await runCLI {
            let api = try client.client()
            let (health, raw) = try await api.get(HealthInfo.self, "/api/health")
            if client.json { return printJSON(raw) }
            var rows = [
                ["Agent:", "\(api.baseURL) — \(health.status)"],
                ["Version:", Human.text(health.version)],
                ["Backend:", Human.text(health.backend)],
            ]
            if health.sandbox == true { rows.append(["Sandbox:", "yes — a private, sandboxed systemd (not this machine's own)"]) }
            if let privileges = health.privileges {
                rows.append(["Privileges:", privileges.ok ? "ok" : "INSUFFICIENT — \(privileges.detail ?? "")"])
                if privileges.ok, let detail = privileges.detail, !detail.isEmpty { rows.append(["", detail]) }
            }
            // The app summary needs a token; without one the health is still shown.
            if let (list, _) = try? await api.get(AppList.self, "/api/apps") {
                let counts = Dictionary(grouping: list.apps, by: { $0.status?.state ?? "unknown" }).mapValues(\.count)
                let summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                rows.append(["Apps:", list.apps.isEmpty ? "none" : "\(list.apps.count) (\(summary))"])
            }
            print(Table.render(rows))
        }
    }
}
