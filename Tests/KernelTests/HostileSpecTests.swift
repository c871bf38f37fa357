import Foundation
import Kernel
import KernelTestSupport
import Testing

@Suite("Hostile specs: names, paths, users and environment refused with the field named")
struct HostileSpecTests {
    let validator = SpecValidator(runtimes: RuntimeCatalog([FakeRuntime()]))

    func problems(_ spec: AppSpec, _ validator: SpecValidator? = nil) -> [FieldError] {
        (validator ?? self.validator).problems(spec)
    }

    @Test("names", arguments: ["../x", "a/b", ".x", "x.ignore", "foo.service", "a@b", String(repeating: "a", count: 300)])
    func names(name: String) throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        #expect(problems(box.spec(name)).map(\.field).contains("name"))
    }

    @Test("paths: relative, '..', '.', '//', a trailing slash or backslash, control characters", arguments: [
        "relative/main.js", "/srv/../etc/passwd", "/srv/./main.js", "/srv//main.js", "/srv/app/", "/srv/app\\", "/srv/a\\b",
        "/srv/a\nb", "/srv/a\rb", "/srv/a\u{0}b",
    ])
    func paths(path: String) throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        var spec = box.spec()
        spec.scriptPath = path
        #expect(problems(spec).map(\.field) == ["script_path"], "\(path.debugDescription)")
        spec = box.spec()
        spec.workingDir = path
        #expect(problems(spec).map(\.field) == ["working_dir"], "\(path.debugDescription)")
    }

    @Test("users: a UID, root (unless allowed), a user that does not exist", arguments: ["0", "1000", "root", "nosuchuser"])
    func users(user: String) throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        var spec = box.spec()
        spec.user = user
        let found = problems(spec)
        #expect(found.map(\.field) == ["user"])
        if user == "root" {
            #expect(found.first?.message.contains("allow_root_apps") == true)
            #expect(problems(spec, SpecValidator(runtimes: RuntimeCatalog([FakeRuntime()]), allowRoot: true)).isEmpty)
        }
    }

    @Test("environment names: a leading digit, '-', '=', and the dynamic linker's LD_*",
          arguments: ["1X", "A-B", "A=B", "LD_PRELOAD", "LD_LIBRARY_PATH"])
    func environment(name: String) throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        let found = problems(box.spec(environment: [name: "x"]))
        #expect(found.count == 1 && found[0].field.hasPrefix("environment"), "\(found)")
    }

    @Test("the app's user must be able to read the script and enter the working directory; the message says why")
    func permissions() throws {
        let box = try InMemoryKernel(); defer { box.cleanUp() }
        let closed = "\(box.root)/closed"
        try FileManager.default.createDirectory(atPath: closed, withIntermediateDirectories: true)
        try Data("// app\n".utf8).write(to: URL(fileURLWithPath: "\(closed)/main.js"))
        chmod(closed, 0o700)
        var spec = box.spec()
        spec.scriptPath = "\(closed)/main.js"
        spec.workingDir = closed
        let found = problems(spec)
        #expect(found.map(\.field) == ["script_path", "working_dir"], "\(found)")
        #expect(found.first?.message.contains("user 'nobody' cannot enter \(closed) (mode 700, owner root)") == true, "\(found)")

        chmod(closed, 0o711)
        chmod("\(closed)/main.js", 0o600)
        #expect(problems(spec).map(\.field) == ["script_path"])
        #expect(problems(spec).first?.message.contains("cannot read \(closed)/main.js") == true)
        chmod("\(closed)/main.js", 0o644)
        #expect(problems(spec).isEmpty)
    }
}
