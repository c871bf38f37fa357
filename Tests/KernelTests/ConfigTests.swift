import Foundation
import Testing
import Kernel

/// A plugin's settings as a test defines them: a section with one key, and a plain top-level key.
struct DemoSettings: PluginSettings, Equatable {
    var demo = Section()
    var demoLimit = 5

    struct Section: Sendable, Equatable, Codable {
        var text = "hi"

        init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case text
        }

        init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            text = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .text) ?? "hi"
        }
    }

    init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case demo
        case demoLimit = "demo_limit"
    }

    static let keys = CodingKeys.allCases.map(\.rawValue)

    static let environment: [EnvironmentOverride] = [
        .init("SIAX_DEMO_TEXT", "demo.text", .optionalString),
        .init("SIAX_DEMO_LIMIT", "demo_limit", .integer),
    ]

    init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: Self.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        demo = try c.decodeIfPresent(Section.self, forKey: .demo) ?? Section()
        demoLimit = try c.decodeIfPresent(Int.self, forKey: .demoLimit) ?? 5
    }

    func validate() throws {
        guard demoLimit >= 1 else { throw ConfigLoader.invalid("demo_limit", "must be at least 1") }
    }
}

@Suite("Configuration: defaults, file, environment, plugins' sections, errors that name the key")
struct ConfigTests {
    func parse(_ json: String, plugins: [any PluginSettings.Type] = [DemoSettings.self]) throws -> AgentConfig {
        try ConfigLoader.parse(Data(json.utf8), source: "test.json", plugins: plugins)
    }

    /// Loads `json` from a file with `environment`.
    func load(_ json: String, environment: [String: String] = [:]) throws -> AgentConfig {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("siax-config-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try ConfigLoader.load(path: file, environment: environment, plugins: [DemoSettings.self])
    }

    @Test("every key has a default, a plugin's too")
    func defaults() throws {
        let config = try parse("{}")
        #expect(config == AgentConfig())
        #expect(config.stateDir == "/var/lib/siax-agent")
        #expect(try config.settings(DemoSettings.self) == DemoSettings())
        try ConfigLoader.validate(config)
    }

    @Test("file values override defaults; a plugin decodes its own keys")
    func file() throws {
        let config = try parse(#"{"monitor_interval_s":5,"demo":{"text":"hello"}}"#)
        #expect(config.monitorIntervalS == 5)
        let demo = try config.settings(DemoSettings.self)
        #expect(demo.demo.text == "hello")
        #expect(demo.demoLimit == 5)
        #expect(config.sections.keys.sorted() == ["demo"])
    }

    @Test("unknown keys are refused by name, inside a plugin's section with the full path", arguments: [
        (#"{"lissten":"x"}"#, "lissten"),
        (#"{"demo":{"txet":"x"}}"#, "demo.txet"),
    ])
    func unknownKey(json: String, key: String) {
        let error = #expect(throws: SiaxError.self) { try parse(json) }
        #expect(error?.field == key)
        #expect(error?.message.contains("'\(key)': unknown key") == true)
    }

    @Test("a plugin's key is unknown when that plugin is not registered")
    func unregisteredPlugin() {
        let error = #expect(throws: SiaxError.self) { try parse(#"{"demo_limit":2}"#, plugins: []) }
        #expect(error?.field == "demo_limit")
    }

    @Test("a wrong type names the key", arguments: [
        (#"{"allow_root_apps":"yes"}"#, "allow_root_apps"),
        (#"{"demo_limit":"many"}"#, "demo_limit"),
        (#"{"demo":{"text":3}}"#, "demo.text"),
    ])
    func wrongType(json: String, key: String) {
        let error = #expect(throws: SiaxError.self) { try parse(json) }
        #expect(error?.field == key)
    }

    @Test("bad values name the key, the Kernel's and a plugin's", arguments: [
        (#"{"backend":"upstart"}"#, "backend"),
        (#"{"state_dir":"relative"}"#, "state_dir"),
        (#"{"runtime_dirs":["/ok","relative"]}"#, "runtime_dirs[1]"),
        (#"{"monitor_interval_s":0}"#, "monitor_interval_s"),
        (#"{"demo_limit":0}"#, "demo_limit"),
    ])
    func badValue(json: String, key: String) throws {
        let error = #expect(throws: SiaxError.self) { try load(json) }
        #expect(error?.field == key)
    }

    @Test("SIAX_* variables override the file, a plugin's too; a bad one is named")
    func environment() throws {
        let config = try load(#"{"demo":{"text":"file"},"demo_limit":3}"#, environment: [
            "SIAX_TRANSPORTS": "http,websocket", "SIAX_ALLOW_ROOT_APPS": "yes", "SIAX_DEMO_TEXT": "environment",
            "SIAX_DEMO_LIMIT": "7", "SIAX_TEST_UNRELATED": "ignored",
        ])
        #expect(config.transports == ["http", "websocket"])
        #expect(config.allowRootApps)
        #expect(try config.settings(DemoSettings.self).demo.text == "environment")
        #expect(try config.settings(DemoSettings.self).demoLimit == 7)
        // An empty optional string removes the key: the default applies.
        #expect(try load(#"{"demo":{"text":"file"}}"#, environment: ["SIAX_DEMO_TEXT": ""]).settings(DemoSettings.self).demo.text == "hi")
        for (variable, value) in [("SIAX_MONITOR_INTERVAL_S", "fast"), ("SIAX_DEMO_LIMIT", "many"), ("SIAX_ALLOW_ROOT_APPS", "perhaps")] {
            let error = #expect(throws: SiaxError.self) { try load("{}", environment: [variable: value]) }
            #expect(error?.field == variable)
        }
    }

    @Test("a plugin's settings can be changed in code and read back")
    func update() throws {
        var config = AgentConfig()
        try config.update(DemoSettings.self) { $0.demo.text = "changed" }
        #expect(try config.settings(DemoSettings.self).demo.text == "changed")
        #expect(try config.settings(DemoSettings.self).demoLimit == 5)
    }

    @Test("an explicit config file that does not exist stops start-up")
    func missingFile() {
        let error = #expect(throws: SiaxError.self) {
            try ConfigLoader.load(path: "/nonexistent/siax.json", environment: [:], plugins: [])
        }
        #expect(error?.field == "config")
    }
}
