import Foundation
import Glibc
import Kernel

/// Asks polkit (`CheckAuthorization`, no interaction) whether this process may
/// manage units, without doing anything to a unit.
struct PrivilegeProbe: Sendable {
    let connection: DBusConnection
    let hints: PolkitHints

    func check() async -> PrivilegeCheck {
        if geteuid() == 0 {
            return PrivilegeCheck(ok: true, detail: "running as root: systemd allows every D-Bus operation")
        }
        let subject = BusArgument.structure([
            .string("unix-process"),
            .variantDictionary([("pid", .uint32(UInt32(getpid()))), ("start-time", .uint64(Self.startTime()))]),
        ])
        let calls = PolkitHints.actions.map { action in
            MethodCall(
                destination: "org.freedesktop.PolicyKit1", path: "/org/freedesktop/PolicyKit1/Authority",
                interface: "org.freedesktop.PolicyKit1.Authority", member: "CheckAuthorization",
                arguments: [subject, .string(action), .stringDictionary([]), .uint32(0), .string("")])
        }
        let answers = await connection.callAll(calls) { _, reply -> Bool in
            try reply.enter("r", "bba{ss}")
            return try reply.bool()
        }
        var denied: [String] = []
        for (action, answer) in zip(PolkitHints.actions, answers) {
            switch answer {
            case .success(true): continue
            case .success(false): denied.append(action)
            case .failure(let error):
                return PrivilegeCheck(ok: false, detail: "polkit cannot be asked (\(error)); as user \(hints.user) systemd will refuse unit operations: \(hints.advice)")
            }
        }
        guard denied.isEmpty else {
            return PrivilegeCheck(ok: false, detail: "polkit does not allow \(denied.joined(separator: ", ")) for user \(hints.user): \(hints.advice)")
        }
        return PrivilegeCheck(ok: true, detail: "polkit allows user \(hints.user) to manage units and unit files")
    }

    /// This process's start time in clock ticks since boot (`/proc/self/stat` field 22), as polkit expects.
    private static func startTime() -> UInt64 {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) ?? 0 : 0
    }
}
