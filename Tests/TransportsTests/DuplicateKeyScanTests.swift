import Testing
@testable import HTTPCore

@Suite("Repeated JSON keys are found before decoding")
struct DuplicateKeyScanTests {
    func scan(_ text: String) -> String? { DuplicateKeyScan.firstDuplicate(in: Array(text.utf8)) }

    @Test("a repeated key is named with its path; the same key in sibling objects or as a value is not a repeat")
    func knownAnswers() {
        #expect(scan(#"{"name":"a","name":"b"}"#) == "name")
        #expect(scan(#"{"limits":{"memory_max":"1G","cpu_quota":"5%","memory_max":"2G"}}"#) == "limits.memory_max")
        #expect(scan(#"{"args":[{"x":1,"x":2}]}"#) == "args.x")
        #expect(scan(#"{"a":{"k":1},"b":{"k":1}}"#) == nil)
        #expect(scan(#"{"name":"name","environment":{"name":"x"}}"#) == nil)
        #expect(scan(#"{"k\"ey":1,"k\\":2}"#) == nil)
        #expect(scan(#"{"a":"{\"a\":1,\"a\":2}"}"#) == nil)
        #expect(scan(#"[1,2,{"a":1},{"a":2}]"#) == nil)
    }

    @Test("deep nesting and malformed text are scanned without failing (the decoder refuses them)")
    func robust() {
        #expect(scan(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)) == nil)
        #expect(scan(#"{"a":"unterminated"#) == nil)
        #expect(scan("}}]]") == nil)
    }
}
