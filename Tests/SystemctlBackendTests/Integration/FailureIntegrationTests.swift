import Foundation
import Kernel
import KernelTestSupport
import Testing
import SystemctlBackend

extension SystemdIntegration {
    @Suite("failed jobs carry systemd's reason")
    struct Failures {
        @Test("a oneshot that exits 3: operationFailed with ExecMainStatus=3")
        func exitThree() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            try await TestUnit.with(backend, "exit3", service: "Type=oneshot\nExecStart=/bin/sh -c \"exit 3\"") { unit in
                let error = try await #require(throws: SiaxError.self) { try await backend.start(unit.name) }
                #expect(error.code == .operationFailed)
                #expect(error.message.contains("start of \(unit.name) failed: Result=exit-code, ExecMainStatus=3 (exited)"))
            }
        }

        @Test("a missing binary (Type=exec): operationFailed with ExecMainStatus=203")
        func badExec() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            try await TestUnit.with(backend, "badexec", service: "Type=exec\nExecStart=/nonexistent/siax-h3-app") { unit in
                let error = try await #require(throws: SiaxError.self) { try await backend.start(unit.name) }
                #expect(error.code == .operationFailed)
                #expect(error.message.contains("ExecMainStatus=203"))
            }
        }
    }
}
