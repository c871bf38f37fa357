import GreetingTransport
import Kernel
import KernelTestSupport
import ServiceLifecycle
import Testing

/// A transport that records the parts it was given.
struct RecordingTransport: Transport {
    let name = "host"
    let parts: [any Sendable]

    func run() async throws {
        try? await gracefulShutdown()
    }
}

@Suite("Plugin registry: which transports and parts run")
struct PluginRegistryTests {
    /// `host` with a listed part `listed` and an unlisted part `own`, which its settings
    /// (`greeting.text` "off") can leave out.
    static func registry() -> PluginRegistry {
        var registry = PluginRegistry()
        registry.registerTransport("host", settings: NoSettings.self) { _, _, parts in RecordingTransport(parts: parts) }
        registry.registerPart("listed", of: "host", settings: NoSettings.self) { _, _ in "listed" }
        registry.registerPart("own", of: "host", listed: false, settings: GreetingSettings.self) { settings, _ in
            settings.greeting.text == "off" ? nil : "own"
        }
        return registry
    }

    /// The parts `host` receives for `transports`, with `greeting.text` set to `text`.
    static func parts(_ transports: [String]?, text: String = "on") throws -> [String] {
        let base = try InMemoryKernel(configure: { config in
            config.transports = transports
            try config.update(GreetingSettings.self) { $0.greeting.text = text }
        })
        defer { base.cleanUp() }
        let built = try registry().makeTransports(transports, kernel: base.kernel)
        return try #require(built.first as? RecordingTransport).parts.compactMap { $0 as? String }
    }

    @Test("with no transports key every part runs; a listed part runs only when listed")
    func listedParts() throws {
        #expect(try Self.parts(nil) == ["listed", "own"])
        #expect(try Self.parts(["host", "listed"]) == ["listed", "own"])
        #expect(try Self.parts(["host"]) == ["own"])
    }

    @Test("an unlisted part runs with its transport unless its own settings leave it out")
    func ownSetting() throws {
        #expect(try Self.parts(["host"], text: "off") == [])
        #expect(try Self.parts(nil, text: "off") == ["listed"])
    }

    @Test("names config may list: transports and listed parts, not unlisted ones")
    func names() {
        #expect(Self.registry().transportNames == ["host", "listed"])
        #expect(Self.registry().settings.count == 2)
    }

    @Test("a listed part without its transport, an unknown name or an unlisted part is refused", arguments: [
        (["listed"], "transports"),
        (["host", "nope"], "transports[1]"),
        (["host", "own"], "transports[1]"),
    ])
    func refused(transports: [String], field: String) throws {
        let base = try InMemoryKernel()
        defer { base.cleanUp() }
        let error = #expect(throws: SiaxError.self) { try Self.registry().makeTransports(transports, kernel: base.kernel) }
        #expect(error?.field == field)
    }
}
