import Testing
import Kernel
import KernelTestSupport

@Suite("Unit rendering")
struct UnitRendererTests {
    @Test("a rendered unit carries the marker, Type=exec, the user, escaped ExecStart and hardening")
    func rendered() throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        let spec = box.spec(args: ["%h", "$HOME"], environment: ["MSG": "100% $X"])
        let text = try UnitRenderer().render(spec, runtime: FakeRuntime())
        #expect(UnitRenderer.isManaged(text))
        #expect(text.contains("\nType=exec\n"))
        #expect(text.contains("\nUser=nobody\n"))
        #expect(text.contains(#"ExecStart="/bin/sh" "\#(box.script)" "%%h" "$$HOME""#))
        #expect(text.contains(#"Environment="MSG=100%% $X""#))
        #expect(text.contains(#"Environment="PORT=8000""#))
        #expect(text.contains(#"Environment="FAKE_RUNTIME=1""#))
        #expect(text.contains("SyslogIdentifier=shop-api"))
        #expect(text.contains("LogRateLimitBurst=100000"))
        #expect(text.contains("NoNewPrivileges=yes"))
        #expect(text.contains("StartLimitBurst=5"))
    }

    @Test("the marker counts only in [Unit]")
    func markerSection() {
        #expect(!UnitRenderer.isManaged("[Service]\nX-SiaxManaged=yes\n"))
        #expect(UnitRenderer.isManaged("[Unit]\nDescription=x\nX-SiaxManaged=yes\n[Service]\n"))
        #expect(!UnitRenderer.isManaged("[Unit]\nDescription=vendor\n"))
    }
}
