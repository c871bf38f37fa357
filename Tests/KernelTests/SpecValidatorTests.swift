import Testing
import Kernel
import KernelTestSupport

@Suite("Spec validation names the field at fault")
struct SpecValidatorTests {
    let validator = SpecValidator(runtimes: RuntimeCatalog([FakeRuntime()]))

    func fields(_ spec: AppSpec) -> [String] { validator.problems(spec).map(\.field) }

    @Test("a good spec passes")
    func good() throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        #expect(validator.problems(box.spec()).isEmpty)
    }

    @Test("bad names", arguments: ["", "Shop", "1app", "a b", "a/b", "../x", "a.service", String(repeating: "a", count: 64), "x\n"])
    func badName(name: String) throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        #expect(fields(box.spec(name)).contains("name"))
    }

    @Test("script, working dir, user, runtime, port and limits are checked")
    func fieldsChecked() throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        var spec = box.spec()
        spec.scriptPath = "\(box.root)/missing.js"
        #expect(fields(spec) == ["script_path"])
        spec = box.spec(); spec.scriptPath = box.workingDir
        #expect(fields(spec) == ["script_path"])
        spec = box.spec(); spec.scriptPath = "relative.js"
        #expect(fields(spec) == ["script_path"])
        spec = box.spec(); spec.workingDir = box.script
        #expect(fields(spec) == ["working_dir"])
        spec = box.spec(); spec.user = "no-such-user-siax"
        #expect(fields(spec) == ["user"])
        spec = box.spec(); spec.runtime = "cobol"
        #expect(fields(spec) == ["runtime"])
        spec = box.spec(); spec.port = 70000
        #expect(fields(spec) == ["port"])
        spec = box.spec(); spec.limits = ResourceLimits(memoryMax: "lots", cpuQuota: "50")
        #expect(fields(spec) == ["limits.memory_max", "limits.cpu_quota"])
        spec = box.spec(); spec.logRateLimit = LogRateLimit(intervalSeconds: 0, burst: 0)
        #expect(fields(spec) == ["log_rate_limit.interval_s", "log_rate_limit.burst"])
        spec = box.spec(); spec.logRateLimit = LogRateLimit(intervalSeconds: 1, burst: 10_000_000)
        #expect(fields(spec).isEmpty)
    }

    @Test("control characters are refused in every field")
    func controlCharacters() throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        var spec = box.spec(args: ["ok", "bad\narg"])
        #expect(fields(spec) == ["args[1]"])
        spec = box.spec(environment: ["GOOD": "x\u{0}y"])
        #expect(fields(spec) == ["environment.GOOD"])
        spec = box.spec(); spec.user = "nobody\nExecStartPre=/bin/evil"
        #expect(fields(spec) == ["user"])
        spec = box.spec(); spec.workingDir = box.workingDir + "\n[Service]"
        #expect(fields(spec) == ["working_dir"])
    }

    @Test("environment names must be identifiers")
    func environmentNames() throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        for bad in ["1X", "A-B", "A=B", "", "X Y"] {
            #expect(fields(box.spec(environment: [bad: "v"])) == ["environment"], "\(bad)")
        }
        #expect(fields(box.spec(environment: ["_OK_1": "$HOME %h \"q\""])).isEmpty)
    }
}
