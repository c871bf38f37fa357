import Foundation
import Synchronization

/// A regular expression over executable basenames that remembers its answers.
/// A server runs few distinct programs, so the regex engine (ICU, through
/// Foundation) runs once per program name rather than once per new process:
/// after the first scans a match is a dictionary lookup.
final class MemoizedRegex: Sendable {
    /// Answers kept at most; past that the memo starts again.
    static let capacity = 1024

    private let regex: NSRegularExpression
    private let answers = Mutex<[String: Bool]>([:])

    /// Compiles `pattern`; throws when it is not a valid regular expression.
    init(_ pattern: String) throws {
        regex = try NSRegularExpression(pattern: pattern)
    }

    /// Whether the regex finds a match in `basename`.
    func matches(_ basename: String) -> Bool {
        if let known = answers.withLock({ $0[basename] }) { return known }
        let matched = regex.firstMatch(in: basename, range: NSRange(basename.startIndex..., in: basename)) != nil
        answers.withLock { answers in
            if answers.count >= Self.capacity { answers.removeAll() }
            answers[basename] = matched
        }
        return matched
    }
}
