import Foundation
import Kernel
import KernelTestSupport
import Logging
import SystemctlBackend
import Testing

/// A `systemctl` that hangs (and ignores SIGTERM) on `start`, on the systemctl backend, through the API.
@Suite("A hanging systemctl", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct HangingSystemctlTests {
    /// A wrapper that passes every command to systemctl except `start`, which never ends.
    static func wrapper(in dir: String) throws -> String {
        let path = "\(dir)/hanging-systemctl"
        try """
        #!/bin/sh
        for argument in "$@"; do
            if [ "$argument" = start ]; then
                trap '' TERM
                while :; do sleep 1; done
            fi
        done
        exec /usr/bin/systemctl "$@"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test("start answers 504 timeout; the child is killed and reaped; descriptors back; the app's lock is released",
          .aloneOnly("counts this process's descriptors, which suites running beside it open and close too"), .timeLimit(.minutes(2)))
    func aloneHangingStart() async throws {
        let dir = "/var/lib/siax-agent/it-hang-\(UUID().uuidString.prefix(6).lowercased())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let wrapper = try Self.wrapper(in: dir)
        let backend = SystemctlBackend(
            configuration: .init(systemctlPath: wrapper, operationTimeout: .seconds(3), pollInterval: .seconds(1)),
            logger: Logger(label: "hang", factory: { _ in SwiftLogNoOpLogHandler() }))
        let api = try APIHarness(operationInterval: 0, backend: backend)
        let name = "it-hang"
        let spec = try api.nodeAppSpec(name)
        try await api.serve(cleaningUp: [name]) { api in
            #expect(try await api.call(.POST, "/api/apps", body: spec).status == 201)
            let descriptors = openDescriptors()

            let started = ContinuousClock.now
            let answer = try await api.call(.POST, "/api/apps/\(name)/start")
            #expect(answer.status == 504, "\(answer.text)")
            #expect(answer.error["code"] as? String == "timeout")
            #expect(started.duration(to: .now) < .seconds(30))
            #expect(await eventually { wrapperProcesses(wrapper).isEmpty }, "\(wrapperProcesses(wrapper))")
            #expect(await eventually { openDescriptors() <= descriptors + 2 }, "before \(descriptors), now \(openDescriptors())")

            // The lock is released: the next operation runs (stop passes through the wrapper).
            let stopped = try await api.call(.POST, "/api/apps/\(name)/stop")
            #expect(stopped.status == 200, "\(stopped.text)")
        }
    }

    /// Processes running the wrapper (children of this test that were not reaped would show here).
    func wrapperProcesses(_ wrapper: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int32($0) != nil }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let command = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            return command.contains(wrapper) ? "\(pid): \(command)" : nil
        }
    }

    func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }
}
