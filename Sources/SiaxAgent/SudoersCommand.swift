import ArgumentParser
import SystemctlBackend

/// `siax-agent sudoers`: prints the sudoers drop-in for a non-root agent with the systemctl backend.
struct SudoersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sudoers",
        abstract: "Print the sudoers drop-in that allows exactly the systemctl and journalctl command lines the agent runs.")

    @Option(name: .long, help: "The user the agent runs as.") var user = "siax-agent"

    func run() throws {
        guard user.wholeMatch(of: #/[a-z_][a-z0-9_-]{0,31}/#) != nil else {
            throw ValidationError("--user: a user name (lowercase letters, digits, _ and -), not '\(user)'")
        }
        print(SystemctlBackend.sudoersDropIn(user: user), terminator: "")
    }
}
