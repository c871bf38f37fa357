import Kernel
import Testing

@Suite("ChildExitCode names systemd's ExecMainCode as systemd prints it")
struct ChildExitCodeTests {
    @Test("CLD_* codes 1–6 by name, anything else by number", arguments: [
        (Int64(1), "exited"), (2, "killed"), (3, "dumped"), (4, "trapped"), (5, "stopped"), (6, "continued"), (0, "code 0"), (9, "code 9"),
    ])
    func names(code: Int64, name: String) {
        #expect(ChildExitCode.name(code) == name)
    }
}
