import Foundation
import Testing
import Kernel

@Suite("Configuration: defaults, file, environment, errors that name the key")
struct ConfigTests {
    func parse(_ json: String) throws -> AgentConfig {
        try ConfigLoader.parse(Data(json.utf8), source: "test.json")
    }

    @Test("every key has a default")
    func defaults() throws {
        let config = try parse("{}")
        #expect(config == AgentConfig())
        #expect(config.listen == "127.0.0.1:8080")
        #expect(config.stateDir == "/var/lib/siax-agent")
        try ConfigLoader.validate(config)
    }

    @Test("file values override defaults, nested ones too")
    func file() throws {
        let config = try parse(#"{"listen":"0.0.0.0:9000","cloud":{"url":"https://api.example","interval_s":30}}"#)
        #expect(config.listen == "0.0.0.0:9000")
        #expect(config.cloud.intervalS == 30)
        #expect(config.cloud.outboxMax == 1000)
    }

    @Test("unknown keys are refused by name", arguments: [
        (#"{"lissten":"x"}"#, "lissten"),
        (#"{"cloud":{"urll":"x"}}"#, "cloud.urll"),
    ])
    func unknownKey(json: String, key: String) {
        let error = #expect(throws: SiaxError.self) { try parse(json) }
        #expect(error?.field == key)
        #expect(error?.message.contains(key) == true)
    }

    @Test("a wrong type names the key")
    func wrongType() {
        let error = #expect(throws: SiaxError.self) { try parse(#"{"use_sudo":"yes"}"#) }
        #expect(error?.field == "use_sudo")
    }

    @Test("bad values name the key", arguments: [
        (#"{"backend":"upstart"}"#, "backend"),
        (#"{"listen":"8080"}"#, "listen"),
        (#"{"state_dir":"relative"}"#, "state_dir"),
        (#"{"monitor_interval_s":0}"#, "monitor_interval_s"),
        (#"{"webhook":{"secrets":["nope"]}}"#, "webhook.secrets[0]"),
    ])
    func badValue(json: String, key: String) throws {
        let config = try parse(json)
        let error = #expect(throws: SiaxError.self) { try ConfigLoader.validate(config) }
        #expect(error?.field == key)
    }

    @Test("SIAX_* variables override the file; a bad one is named")
    func environment() throws {
        let config = try ConfigLoader.load(path: nil, environment: [
            "SIAX_LISTEN": "127.0.0.1:9999", "SIAX_TRANSPORTS": "http,websocket", "SIAX_USE_SUDO": "yes",
        ])
        #expect(config.listen == "127.0.0.1:9999")
        #expect(config.transports == ["http", "websocket"])
        #expect(config.useSudo)
        let error = #expect(throws: SiaxError.self) {
            try ConfigLoader.load(path: nil, environment: ["SIAX_MONITOR_INTERVAL_S": "fast"])
        }
        #expect(error?.field == "SIAX_MONITOR_INTERVAL_S")
    }

    @Test("an explicit config file that does not exist stops start-up")
    func missingFile() {
        let error = #expect(throws: SiaxError.self) { try ConfigLoader.load(path: "/nonexistent/siax.json", environment: [:]) }
        #expect(error?.field == "config")
    }
}
