/// A runtime definition file that could not be loaded, and why.
public struct RuntimeLoadIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or directory) at fault.
    public let file: String
    /// The key at fault, e.g. `exec_start[3]` or `interpreter.candidates`; nil when the whole file is.
    public let key: String?
    /// What is wrong.
    public let message: String

    /// An issue with `file`, at `key` when one key is at fault.
    public init(file: String, key: String?, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    /// `file: key: message`.
    public var description: String {
        [file, key, message].compactMap { $0 }.joined(separator: ": ")
    }
}
