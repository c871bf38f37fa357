import Foundation

/// Runs a command and collects its output (test harness only).
struct Command {
    let status: Int32
    let stdout: String
    let stderr: String

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Command {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Command(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    static func systemctl(_ arguments: String...) throws -> Command { try run("/usr/bin/systemctl", arguments) }
}
