import Foundation
import Synchronization

/// Runs `<interpreter> <version_args>` and reads the first line it prints.
///
/// The process runs on a Dispatch queue, never on the cooperative pool, and
/// the caller gets an answer after `timeout` seconds at the latest: the
/// interpreter is then killed and the version is unknown.
enum VersionProbe {
    /// Output past this many bytes is not read (a version is one short line).
    static let maxOutputBytes = 64 * 1024

    /// The first non-empty line of the interpreter's output (stdout and stderr),
    /// or nil when it cannot start, fails, or does not finish in time.
    static func version(of path: String, arguments: [String], timeout: Double = 5) async -> String? {
        await withCheckedContinuation { continuation in
            let answer = Answer(continuation)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            DispatchQueue.global(qos: .utility).async {
                do {
                    try process.run()
                } catch {
                    answer.give(nil)
                    return
                }
                let pid = process.processIdentifier
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                    if answer.give(nil) { kill(pid, SIGKILL) }
                }
                let output = read(pipe.fileHandleForReading)
                process.waitUntilExit()
                let succeeded = process.terminationReason == .exit && process.terminationStatus == 0
                answer.give(succeeded ? firstLine(output) : nil)
            }
        }
    }

    private static func read(_ handle: FileHandle) -> Data {
        var data = Data()
        while data.count < maxOutputBytes, let chunk = try? handle.read(upToCount: 4096), !chunk.isEmpty {
            data.append(chunk)
        }
        return data
    }

    private static func firstLine(_ data: Data) -> String? {
        String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
    }

    /// Resumes the caller once: with the result, or with nil at the timeout.
    private final class Answer: Sendable {
        private let continuation: Mutex<CheckedContinuation<String?, Never>?>

        init(_ continuation: CheckedContinuation<String?, Never>) {
            self.continuation = Mutex(continuation)
        }

        /// Resumes the caller unless that already happened; returns whether it did.
        @discardableResult
        func give(_ value: String?) -> Bool {
            guard let continuation = continuation.withLock({ $0.take() }) else { return false }
            continuation.resume(returning: value)
            return true
        }
    }
}
