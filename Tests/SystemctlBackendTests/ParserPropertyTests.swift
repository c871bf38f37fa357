import Foundation
import Kernel
import PropertyBased
import Testing
@testable import SystemctlBackend

/// Generated `systemctl show`, `systemctl status` and `journalctl -o json` output: what the
/// parsers read back is what was written, and no input — however broken — makes them trap.
/// A bounded run (a few hundred cases each) in CI.
@Suite("systemctl and journal parsers, property-based")
struct ParserPropertyTests {
    /// Value characters that break careless parsers: `=`, `;`, `:`, parentheses, spaces, non-ASCII.
    static let valueAlphabet: [Character] = Array("aZ09 =;:()-_./é€😀\t")
    /// Anything at all, newlines and NUL included.
    static let noiseAlphabet: [Character] = Array("aZ09 =;:()-_./\n\r\t\u{00}●○×é😀[]{}\"\\")
    static let value = Gen.int(in: 0...(valueAlphabet.count - 1)).array(of: 0...12)
    static let noise = Gen.int(in: 0...(noiseAlphabet.count - 1)).array(of: 0...300)

    static func text(_ indices: [Int], _ alphabet: [Character]) -> String { String(indices.map { alphabet[$0] }) }

    // MARK: - systemctl show

    @Test("show: blocks of Key=Value (values with `=`, spaces, non-ASCII) come back as written")
    func showBlocks() async {
        let keys = SystemctlShowParser.statusProperties
        let block = Gen.int(in: 0...(keys.count - 1)).array(of: 1...6)
        await propertyCheck(count: 300, input: block.array(of: 1...4), Self.value.array(of: 24)) { blockKeys, values in
            let blocks = blockKeys.enumerated().map { b, indices in
                Dictionary(indices.enumerated().map { (keys[$1], Self.text(values[(b * 6 + $0) % values.count], Self.valueAlphabet)) },
                           uniquingKeysWith: { first, _ in first })
            }
            let text = blocks.map { $0.map { "\($0.key)=\($0.value)" }.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
            #expect(SystemctlShowParser.blocks(text) == blocks, "\(text.debugDescription)")
        }
    }

    @Test("show: numbers in a block become the status's numbers; unset and n/a become nil")
    func showNumbers() async {
        await propertyCheck(count: 300, input: Gen.int32(in: -5...Int32.max), Gen.int(in: 0...1_000_000),
                            Gen.uint64(in: UInt64.max - 3...UInt64.max), Gen.uint64(in: 0...(1 << 40)), Gen.int(in: 0...2)) { pid, restarts, hugeMemory, memory, kind in
            let unset = kind == 0
            let memoryValue = unset ? "[not set]" : String(kind == 1 ? memory : hugeMemory)
            let text = "Id=x.service\nMainPID=\(pid)\nNRestarts=\(restarts)\nMemoryCurrent=\(memoryValue)\nResult=\(unset ? "n/a" : "exit-code")\n"
            let status = SystemctlShowParser.blocks(text).map(SystemctlShowParser.unitStatus)
            #expect(status.count == 1)
            #expect(status.first?.unit == "x.service")
            #expect(status.first?.mainPID == (pid > 0 ? pid : nil))
            #expect(status.first?.restarts == restarts)
            let expectedMemory = UInt64(memoryValue).flatMap { $0 == .max ? nil : $0 }
            #expect(status.first?.memoryCurrent == expectedMemory, "\(memoryValue)")
            #expect(status.first?.result == (unset ? "success" : "exit-code"))
        }
    }

    @Test("show and status: any text parses without trapping; keys never hold `=` or a newline")
    func noise() async {
        await propertyCheck(count: 500, input: Self.noise) { indices in
            let text = Self.text(indices, Self.noiseAlphabet)
            for block in SystemctlShowParser.blocks(text) {
                #expect(block.keys.allSatisfy { !$0.contains("=") && !$0.contains("\n") }, "\(block)")
            }
            _ = SystemctlShowParser.blocks(text).map(SystemctlShowParser.unitStatus)
            if let report = SystemctlStatusParser.parse(text) {
                #expect(!report.unit.contains("\n"))
            }
        }
    }

    // MARK: - systemctl status

    @Test("status: a generated header reads back field by field")
    func statusHeader() async {
        let word = Gen.int(in: 0...25).array(of: 1...10).map { String($0.map { Character(UnicodeScalar(UInt8(97 + $0))) }) }
        await propertyCheck(count: 300, input: word, word, Gen.int32(in: 1...Int32.max), Gen.int(in: 0...100_000), Gen.int(in: 1...100_000),
                            Gen.bool()) { name, sub, pid, tasks, limit, failed in
            let unit = "\(name).service"
            let active = failed ? "failed (Result: exit-code) since Sun 2026-11-29 05:26:00 UTC; 3min ago"
                : "active (\(sub)) since Sun 2026-11-29 05:26:00 UTC; 3min ago"
            let text = """
            ● \(unit) - \(name) \(sub) - with a dash
                 Loaded: loaded (/etc/systemd/system/\(unit); enabled; preset: enabled)
                 Active: \(active)
               Main PID: \(pid) (\(name))
                  Tasks: \(tasks) (limit: \(limit))

            Nov 29 05:26:00 host \(name)[\(pid)]: Loaded: not a header line
            """
            let report = SystemctlStatusParser.parse(text)
            #expect(report?.unit == unit)
            #expect(report?.description == "\(name) \(sub) - with a dash")
            #expect(report?.loadState == "loaded")
            #expect(report?.unitFilePath == "/etc/systemd/system/\(unit)")
            #expect(report?.enablement == "enabled")
            #expect(report?.activeState == (failed ? "failed" : "active"))
            #expect(report?.subState == (failed ? nil : sub))
            #expect(report?.result == (failed ? "exit-code" : nil))
            #expect(report?.since == Date(timeIntervalSince1970: 1_795_929_960))
            #expect(report?.mainPID == pid)
            #expect(report?.mainProcess == name)
            #expect(report?.tasks == tasks)
            #expect(report?.tasksLimit == limit)
        }
    }

    // MARK: - journalctl -o json

    @Test("journal JSON: message as text or as an array of bytes, priority clamped, pid and cursor as written")
    func journalEntries() async {
        let bytes = Gen.int(in: 0...255).array(of: 0...40)
        await propertyCheck(count: 500, input: bytes, Gen.bool(), Gen.int(in: -3...12), Gen.int32(in: 1...Int32.max),
                            Gen.uint64(in: 0...(UInt64(1) << 62)), Self.value) { messageBytes, asBytes, priority, pid, usec, cursorIndices in
            let cursor = "s=" + Self.text(cursorIndices, Self.valueAlphabet)
            let message = String(decoding: messageBytes.map(UInt8.init), as: UTF8.self)
            let object: [String: Any] = [
                "__CURSOR": cursor, "__REALTIME_TIMESTAMP": String(usec), "PRIORITY": String(priority), "_PID": String(pid),
                "MESSAGE": asBytes ? messageBytes : message as Any, "_SYSTEMD_UNIT": "x.service",
            ]
            guard let line = try? JSONSerialization.data(withJSONObject: object) else {
                Issue.record("not serialisable: \(object)")
                return
            }
            let entry = JournalJSONParser.entry(from: line)
            #expect(entry?.cursor == cursor)
            #expect(entry?.realtimeUsec == usec)
            #expect(entry?.priority == min(max(priority, 0), 7))
            #expect(entry?.pid == pid)
            #expect(entry?.message == message)
            #expect(entry?.unit == "x.service")
        }
    }

    @Test("journal JSON: any bytes parse without trapping; no cursor or timestamp, no entry")
    func journalNoise() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...255).array(of: 0...200), Self.noise) { bytes, indices in
            let text = Self.text(indices, Self.noiseAlphabet)
            // Neither is a JSON object with a `__CURSOR` (the alphabet cannot spell it; random bytes will not).
            #expect(JournalJSONParser.entry(from: bytes.map(UInt8.init)) == nil)
            #expect(JournalJSONParser.entry(from: Array(text.utf8)) == nil)
        }
    }
}
