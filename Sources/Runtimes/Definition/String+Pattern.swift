import Foundation

extension String {
    /// Whether the string matches `pattern` (an anchored regular expression) and holds no newline.
    func matches(_ pattern: String) -> Bool {
        range(of: pattern, options: .regularExpression) != nil && !contains("\n")
    }
}
