import Testing
@testable import Kernel

@Suite("Unit file escaping")
struct UnitEscapingTests {
    @Test("ExecStart arguments are double-quoted with \\ \" % $ escaped")
    func execArgument() {
        #expect(UnitEscaping.execArgument("plain") == #""plain""#)
        #expect(UnitEscaping.execArgument("%h") == #""%%h""#)
        #expect(UnitEscaping.execArgument("100%") == #""100%%""#)
        #expect(UnitEscaping.execArgument("$HOME ${X}") == #""$$HOME $${X}""#)
        #expect(UnitEscaping.execArgument(#"a"b"#) == #""a\"b""#)
        #expect(UnitEscaping.execArgument(#"trailing\"#) == #""trailing\\""#)
        #expect(UnitEscaping.execArgument(#"\;"#) == #""\\;""#)
        #expect(UnitEscaping.execArgument(";") == #"";""#)
        #expect(UnitEscaping.execArgument(#"x" "LD_PRELOAD=/tmp/e.so"#) == #""x\" \"LD_PRELOAD=/tmp/e.so""#)
        #expect(UnitEscaping.execArgument("") == #""""#)
    }

    @Test("Environment= quotes the whole assignment and leaves $ alone")
    func environment() {
        #expect(UnitEscaping.environmentAssignment(name: "A", value: "$HOME 100% \"q\" \\") == #""A=$HOME 100%% \"q\" \\""#)
    }

    @Test("control characters are detected, including NUL, DEL and C1")
    func controlCharacters() {
        for bad in ["a\nb", "a\rb", "a\u{0}b", "tab\t", "del\u{7F}", "c1\u{85}", "esc\u{1B}[31m"] {
            #expect(UnitEscaping.containsControlCharacter(bad), "\(bad.debugDescription)")
        }
        for good in ["plain", "ünïcödé", "100% $HOME", "a\\b"] {
            #expect(!UnitEscaping.containsControlCharacter(good))
        }
    }
}
