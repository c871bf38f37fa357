import ArgumentParser
import Foundation
import HTTPCore
import Kernel

/// How the CLI reaches a running agent: `--url`/`SIAX_URL` else the configured
/// `listen`, and `--token`/`SIAX_TOKEN` else `<state_dir>/admin.token`.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "Agent URL (default: $SIAX_URL, else http://<config listen>).")
    var url: String?

    @Option(name: .long, help: "API token (default: $SIAX_TOKEN, else <state_dir>/admin.token when readable).")
    var token: String?

    @Flag(name: .long, help: "Print the API's JSON instead of tables (for scripts).")
    var json = false

    @Option(name: .long, help: "Seconds to wait for an answer (operations wait for systemd).")
    var timeout: Int = 120

    @Option(name: .long, help: "Configuration file to read listen and state_dir from (default: /etc/siax-agent/config.json when present).")
    var config: String?

    /// The API client, with the address and token resolved.
    func client() throws -> APIClient {
        let environment = ProcessInfoEnvironment.current
        let explicitURL = url ?? environment["SIAX_URL"].flatMap { $0.isEmpty ? nil : $0 }
        var token = token ?? environment["SIAX_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        var tokenSource = token == nil ? nil : (self.token != nil ? "--token" : "SIAX_TOKEN")
        var base = explicitURL
        if base == nil || token == nil {
            let loaded: AgentConfig
            do {
                loaded = try ConfigLoader.load(path: config, environment: environment, plugins: Plugins.settings)
            } catch let error as SiaxError {
                throw CLIError.usage("cannot read the configuration (pass --url and --token to skip it): \(error.message)")
            }
            if base == nil { base = Self.url(forListen: try loaded.settings(HTTPSettings.self).listen) }
            if token == nil {
                let file = (loaded.stateDir as NSString).appendingPathComponent("admin.token")
                if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !trimmed.isEmpty {
                        token = trimmed
                        tokenSource = file
                    }
                }
            }
        }
        guard let base, let parsed = URL(string: base), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
            throw CLIError.usage("not an http(s) URL: \(base ?? "")")
        }
        return APIClient(baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base,
                         token: token, tokenSource: tokenSource, timeout: .seconds(Int64(max(1, timeout))))
    }

    /// `http://host:port` for a `listen` address; wildcard hosts become loopback.
    static func url(forListen listen: String) -> String {
        guard let address = ListenAddress(listen) else { return "http://\(listen)" }
        var host = address.host
        if host == "0.0.0.0" || host.isEmpty { host = "127.0.0.1" }
        if host == "::" { host = "::1" }
        if host.contains(":") { host = "[\(host)]" }
        return "http://\(host):\(address.port)"
    }
}
