import Testing
@testable import Runtimes

@Suite("Executable regexes remember their answers")
struct MemoizedRegexTests {
    @Test("the same answers from the memo as from the regex, past its capacity too")
    func answers() throws {
        let regex = try MemoizedRegex("^python[0-9.]*$")
        for _ in 0..<2 {
            #expect(regex.matches("python3.11"))
            #expect(regex.matches("python"))
            #expect(!regex.matches("python3-config"))
            #expect(!regex.matches("node"))
        }
        for index in 0...MemoizedRegex.capacity { #expect(!regex.matches("program-\(index)")) }
        #expect(regex.matches("python3") && !regex.matches("ipython"))
    }

    @Test("an invalid pattern is refused")
    func invalid() {
        #expect(throws: (any Error).self) { try MemoizedRegex("^python[") }
    }
}
