import Foundation

/// Real output captured from systemd 252 (inside `scripts/sandbox`), under `Fixtures/`.
enum Fixture {
    /// The text of `Fixtures/NAME`.
    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    /// The bytes of `Fixtures/NAME`.
    static func data(_ name: String) throws -> Data {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
        return try Data(contentsOf: url)
    }

    /// The lines of `Fixtures/NAME`, as bytes.
    static func lines(_ name: String) throws -> [[UInt8]] {
        try data(name).split(separator: UInt8(ascii: "\n")).map(Array.init)
    }
}
