import Foundation
import Testing

/// `siax-agent config` from the built binary: every configuration key and every `SIAX_*`
/// variable of docs/configuration.md still works now that the plugins own their keys,
/// and a bad key in a plugin's section is refused with its full path.
@Suite("Configuration keys and variables, through the built binary")
struct ConfigCompatibilityTests {
    /// Every documented key, none at its default.
    static let everyKey = """
    {
      "listen": "127.0.0.1:9911", "state_dir": "/var/lib/siax-it-config", "unit_dir": "/run/siax-it-units",
      "backend": "systemctl", "use_sudo": true, "transports": ["http", "websocket", "cloud"],
      "runtime_dirs": ["/opt/siax-runtimes"], "log_level": "debug", "operation_interval_s": 2.5,
      "operation_timeout_s": 30, "monitor_interval_s": 4, "max_log_connections_per_app": 3,
      "max_body_bytes": 4096, "http_idle_timeout_s": 20, "allow_root_apps": true,
      "cloud": {"url": "https://cloud.example/api", "token": "cloud-token", "interval_s": 15, "outbox_max": 50},
      "webhook": {"secrets": ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], "tolerance_s": 120},
      "panel": {"enabled": false}
    }
    """

    /// Every documented variable, none at its default.
    static let everyVariable = [
        "SIAX_LISTEN": "127.0.0.1:9922", "SIAX_STATE_DIR": "/var/lib/siax-it-env", "SIAX_UNIT_DIR": "/run/siax-it-env-units",
        "SIAX_BACKEND": "dbus", "SIAX_USE_SUDO": "yes", "SIAX_TRANSPORTS": "http,metrics", "SIAX_RUNTIME_DIRS": "/a,/b",
        "SIAX_LOG_LEVEL": "warning", "SIAX_OPERATION_INTERVAL_S": "3", "SIAX_OPERATION_TIMEOUT_S": "40",
        "SIAX_MONITOR_INTERVAL_S": "5", "SIAX_MAX_LOG_CONNECTIONS_PER_APP": "4", "SIAX_MAX_BODY_BYTES": "8192",
        "SIAX_HTTP_IDLE_TIMEOUT_S": "30", "SIAX_ALLOW_ROOT_APPS": "on", "SIAX_CLOUD_URL": "http://cloud.local",
        "SIAX_CLOUD_TOKEN": "t", "SIAX_CLOUD_INTERVAL_S": "25", "SIAX_PANEL_ENABLED": "false",
        "SIAX_WEBHOOK_SECRETS": "whsec_one,whsec_two",
    ]

    /// `siax-agent config` with `json` as the file and `variables` set; the exit, the printed object and standard error.
    static func config(_ json: String, _ variables: [String: String] = [:]) throws -> (status: Int32, printed: [String: Any], stderr: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("siax-config-it-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SIAX_") }.merging(variables) { $1 }
        let run = try CLIRun.run(try LiveAgent.binaryPath(), ["config", "--config", file], environment: environment)
        let printed = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any] ?? [:]
        return (run.status, printed, run.stderr)
    }

    @Test("every key of the file is read, the plugins' keys too; secrets are masked")
    func everyKeyFromTheFile() throws {
        let (status, printed, stderr) = try Self.config(Self.everyKey)
        #expect(status == 0, "\(stderr)")
        #expect(printed["listen"] as? String == "127.0.0.1:9911")
        #expect(printed["state_dir"] as? String == "/var/lib/siax-it-config")
        #expect(printed["unit_dir"] as? String == "/run/siax-it-units")
        #expect(printed["backend"] as? String == "systemctl")
        #expect(printed["use_sudo"] as? Bool == true)
        #expect(printed["transports"] as? [String] == ["http", "websocket", "cloud"])
        #expect(printed["runtime_dirs"] as? [String] == ["/opt/siax-runtimes"])
        #expect(printed["log_level"] as? String == "debug")
        #expect(printed["operation_interval_s"] as? Double == 2.5)
        #expect(printed["operation_timeout_s"] as? Double == 30)
        #expect(printed["monitor_interval_s"] as? Double == 4)
        #expect(printed["max_log_connections_per_app"] as? Int == 3)
        #expect(printed["max_body_bytes"] as? Int == 4096)
        #expect(printed["http_idle_timeout_s"] as? Double == 20)
        #expect(printed["allow_root_apps"] as? Bool == true)
        let cloud = printed["cloud"] as? [String: Any] ?? [:]
        #expect(cloud["url"] as? String == "https://cloud.example/api")
        #expect(cloud["token"] as? String == "(set)")
        #expect(cloud["interval_s"] as? Double == 15)
        #expect(cloud["outbox_max"] as? Int == 50)
        let webhook = printed["webhook"] as? [String: Any] ?? [:]
        #expect(webhook["secrets"] as? [String] == ["(set)"])
        #expect(webhook["tolerance_s"] as? Double == 120)
        #expect((printed["panel"] as? [String: Any])?["enabled"] as? Bool == false)
    }

    @Test("every SIAX_* variable overrides its key")
    func everyVariable() throws {
        let (status, printed, stderr) = try Self.config(Self.everyKey, Self.everyVariable)
        #expect(status == 0, "\(stderr)")
        #expect(printed["listen"] as? String == "127.0.0.1:9922")
        #expect(printed["state_dir"] as? String == "/var/lib/siax-it-env")
        #expect(printed["unit_dir"] as? String == "/run/siax-it-env-units")
        #expect(printed["backend"] as? String == "dbus")
        #expect(printed["use_sudo"] as? Bool == true)
        #expect(printed["transports"] as? [String] == ["http", "metrics"])
        #expect(printed["runtime_dirs"] as? [String] == ["/a", "/b"])
        #expect(printed["log_level"] as? String == "warning")
        #expect(printed["operation_interval_s"] as? Double == 3)
        #expect(printed["operation_timeout_s"] as? Double == 40)
        #expect(printed["monitor_interval_s"] as? Double == 5)
        #expect(printed["max_log_connections_per_app"] as? Int == 4)
        #expect(printed["max_body_bytes"] as? Int == 8192)
        #expect(printed["http_idle_timeout_s"] as? Double == 30)
        #expect(printed["allow_root_apps"] as? Bool == true)
        let cloud = printed["cloud"] as? [String: Any] ?? [:]
        #expect(cloud["url"] as? String == "http://cloud.local")
        #expect(cloud["token"] as? String == "(set)")
        #expect(cloud["interval_s"] as? Double == 25)
        #expect((printed["webhook"] as? [String: Any])?["secrets"] as? [String] == ["(set)", "(set)"])
        #expect((printed["panel"] as? [String: Any])?["enabled"] as? Bool == false)
        // An empty SIAX_CLOUD_URL turns reporting off.
        let off = try Self.config(Self.everyKey, ["SIAX_CLOUD_URL": ""])
        #expect((off.printed["cloud"] as? [String: Any])?["url"] == nil)
    }

    @Test("with no file, every key has its default")
    func defaults() throws {
        let (status, printed, stderr) = try Self.config("{}")
        #expect(status == 0, "\(stderr)")
        #expect(printed["listen"] as? String == "127.0.0.1:8080")
        #expect(printed["max_body_bytes"] as? Int == 1_048_576)
        #expect(printed["max_log_connections_per_app"] as? Int == 10)
        #expect(printed["use_sudo"] as? Bool == false)
        #expect((printed["cloud"] as? [String: Any])?["interval_s"] as? Double == 60)
        #expect((printed["webhook"] as? [String: Any])?["tolerance_s"] as? Double == 300)
        #expect((printed["panel"] as? [String: Any])?["enabled"] as? Bool == true)
    }

    @Test("a bad key or value in a plugin's keys is refused with its full path", arguments: [
        (#"{"webhook": {"secrett": []}}"#, "webhook.secrett"),
        (#"{"cloud": {"intervl_s": 3}}"#, "cloud.intervl_s"),
        (#"{"panel": {"enable": false}}"#, "panel.enable"),
        (#"{"lissten": "127.0.0.1:1"}"#, "lissten"),
        (#"{"listen": "8080"}"#, "listen"),
        (#"{"max_body_bytes": 0}"#, "max_body_bytes"),
        (#"{"webhook": {"secrets": ["nope"]}}"#, "webhook.secrets[0]"),
        (#"{"use_sudo": "yes"}"#, "use_sudo"),
    ])
    func refused(json: String, key: String) throws {
        let (status, _, stderr) = try Self.config(json)
        #expect(status != 0)
        #expect(stderr.contains("'\(key)'"), "\(stderr)")
    }
}
