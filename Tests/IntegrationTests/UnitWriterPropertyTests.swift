import Foundation
import Kernel
import KernelTestSupport
import PropertyBased
import Runtimes
import Synchronization
import Testing

/// Generated specs with hostile arguments and environment: each is refused exactly when the
/// rules say so (a control character, a bad or `LD_*` variable name), and otherwise renders
/// a unit that `systemd-analyze verify` accepts and whose `ExecStart=` and `Environment=`
/// values, read the way systemd reads them, are the input.
@Suite("Unit writer, property-based", .enabled(if: SystemdEnvironment.shouldRun))
struct UnitWriterPropertyTests {
    /// Characters a careless writer would get wrong: quotes, backslash, `$`, `%`, `;`, spaces,
    /// control characters (NUL, newline, tab, DEL, C1), non-ASCII.
    static let alphabet: [Character] = Array("aZ09 \"'\\$%;=-{}\u{00}\n\t\r\u{7F}\u{85}é€😀")
    static let names = ["A", "PORT_2", "_x", "1X", "A-B", "LD_PRELOAD", "LD_AUDIT", "lower"]

    static let words = Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...8)
    static let arguments = words.array(of: 0...4)
    static let environment = Gen.int(in: 0...(names.count - 1)).array(of: 0...3)

    @Test("refused exactly when hostile; else systemd reads back the input, and verify accepts the unit")
    func roundTrip() async throws {
        let fixture = "\(Harness.repo)/Tests/IntegrationTests/Apps/node-app"
        let loaded = RuntimeLoader.load(directories: ["\(Harness.repo)/Plugins/runtimes"])
        let runtime = try #require(loaded.catalog["nodejs"])
        let validator = SpecValidator(runtimes: loaded.catalog)
        let rendered = Mutex<[String]>([])

        await propertyCheck(count: 300, input: Self.arguments, Self.environment, Self.words) { argWords, nameIndices, valueWords in
            let args = argWords.map { String($0.map { Self.alphabet[$0] }) }
            let value = String(valueWords.map { Self.alphabet[$0] })
            let environment = Dictionary(nameIndices.map { (Self.names[$0], value) }, uniquingKeysWith: { a, _ in a })
            let spec = AppSpec(name: "it-prop", runtime: "nodejs", scriptPath: "\(fixture)/server.js", workingDir: fixture,
                               user: "nobody", args: args, environment: environment, port: 3000)

            let hostile = (args + environment.values).contains(where: UnitEscaping.containsControlCharacter)
                || environment.keys.contains { !$0.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/).map { _ in true }.isSome || $0.hasPrefix("LD_") }
            let problems = validator.problems(spec)
            #expect(problems.isEmpty != hostile, "args \(args.debugDescription), environment \(environment.debugDescription): \(problems)")
            guard problems.isEmpty, let unit = try? UnitRenderer().render(spec, runtime: runtime) else { return }

            let lines = unit.split(separator: "\n").map(String.init)
            let exec = lines.filter { $0.hasPrefix("ExecStart=") }
            #expect(exec.count == 1)
            #expect(Array(SystemdReading.words(String(exec[0].dropFirst("ExecStart=".count)), dollars: true).suffix(args.count)) == args)
            let assignments = lines.filter { $0.hasPrefix("Environment=") }
                .flatMap { SystemdReading.words(String($0.dropFirst("Environment=".count)), dollars: false) }
            for (name, expected) in environment {
                #expect(assignments.contains("\(name)=\(expected)"), "\(name): \(assignments.debugDescription)")
            }
            rendered.withLock { $0.append(unit) }
        }

        // systemd's own parser over every accepted unit, in one run.
        let units = rendered.withLock { $0 }
        // About one case in ten is valid: 300 cases give none with a chance below 1e-12.
        #expect(!units.isEmpty, "no valid spec was generated to verify")
        let dir = "/var/lib/siax-agent/it-prop-\(UUID().uuidString.prefix(6).lowercased())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try units.enumerated().map { index, text in
            let path = "\(dir)/it-prop-\(index).service"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let verified = try Command.run("/usr/bin/systemd-analyze", ["verify", "--man=no"] + files)
        #expect(verified.status == 0, "\(verified.stderr.prefix(4000))")
        #expect(!verified.stderr.contains("Unbalanced quoting") && !verified.stderr.contains("bad unit file setting"), "\(verified.stderr.prefix(4000))")
    }
}

/// How systemd reads the values the writer quotes (`extract_first_word` with unquoting and
/// C-unescaping, then `%%` → `%` and, in `ExecStart=`, `$$` → `$`).
enum SystemdReading {
    static func words(_ line: String, dollars: Bool) -> [String] {
        var words: [String] = []
        var scalars = Array(line.unicodeScalars)[...]
        while let first = scalars.first {
            if first == " " { scalars.removeFirst(); continue }
            var word = ""
            if first == "\"" {
                scalars.removeFirst()
                while let scalar = scalars.popFirst(), scalar != "\"" {
                    if scalar == "\\", let escaped = scalars.popFirst() { word.unicodeScalars.append(escaped) } else { word.unicodeScalars.append(scalar) }
                }
            } else {
                while let scalar = scalars.first, scalar != " " { word.unicodeScalars.append(scalar); scalars.removeFirst() }
            }
            word = word.replacingOccurrences(of: "%%", with: "%")
            words.append(dollars ? word.replacingOccurrences(of: "$$", with: "$") : word)
        }
        return words
    }
}

private extension Optional {
    var isSome: Bool { self != nil }
}
