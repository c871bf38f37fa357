import Foundation
import Testing
@testable import Monitor
#if canImport(Glibc)
import Glibc
#endif

@Suite("Adoption hints: listening ports from /proc/net/tcp*, names from package.json / pyproject.toml / the script")
struct AdoptionHintTests {
    @Test("a /proc/net/tcp table: only LISTEN rows, their port and inode")
    func tcpTable() {
        let table = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41234 1 0000000000000000 100 0 0 10 0
               1: 0100007F:0BB8 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 41299 1 0000000000000000 20 4 30 10 -1
               2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000    65534     0 50001 1 0000000000000000 100 0 0 10 0
            """
        let rows = ListeningPorts.listeningSockets(in: table)
        #expect(rows.map(\.port) == [3000, 8080])
        #expect(rows.map(\.inode) == [41234, 50001])
        let six = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1F41 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0
            """
        #expect(ListeningPorts.listeningSockets(in: six).map(\.port) == [8001])
        #expect(ListeningPorts.listeningSockets(in: "garbage\nmore garbage here").isEmpty)
    }

    @Test("a socket this test listens on is found among its own process's ports")
    func ownSocket() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0)
        try #require(listen(fd, 4) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        #expect(ListeningPorts.of(pid: getpid(), procRoot: "/proc").contains(port))
        #expect(ListeningPorts.of(pid: 999_999_999, procRoot: "/proc").isEmpty)
    }

    @Test("the name comes from package.json, else pyproject.toml's [project], else the script, sanitised")
    func names() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siax-names-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(SuggestedName.of(argv: ["/usr/bin/node", "--enable-source-maps", "/srv/x/Server.js", "--port", "3000"], cwd: dir) == "server")
        try Data("""
            [tool.other]
            name = "not-this"
            [project]
            version = "1.0"
            name = "Billing API"
            """.utf8).write(to: URL(fileURLWithPath: "\(dir)/pyproject.toml"))
        #expect(SuggestedName.of(argv: ["python3", "main.py"], cwd: dir) == "billing-api")
        try Data(#"{"name": "@acme/Shop.Front", "version": "1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: "\(dir)/package.json"))
        #expect(SuggestedName.of(argv: ["node", "index.js"], cwd: dir) == "shop-front")
        #expect(SuggestedName.of(argv: ["python3", "-m", "uvicorn", "--port", "8000", "app.main:app"], cwd: nil) == "main")
        #expect(SuggestedName.of(argv: ["python3", "-m", "http.server"], cwd: nil) == "server")
        #expect(SuggestedName.of(argv: ["node"], cwd: nil) == nil)
        #expect(SuggestedName.sanitised("123") == nil)
        #expect(SuggestedName.sanitised("9lives__Ok!") == "lives__ok")
        #expect(SuggestedName.sanitised(String(repeating: "a", count: 80))?.count == 63)
    }
}

@Suite("A process's environment from /proc/PID/environ")
struct ProcessEnvironmentTests {
    @Test("NAME=value entries split on NUL; values keep their '=' and spaces; malformed entries are left out")
    func parse() {
        let bytes = Data("PORT=3000\u{0}TOKEN=a=b c\u{0}not-a-name=x\u{0}NOEQUALS\u{0}_X=\u{0}".utf8)
        #expect(ProcessEnvironment.parse(bytes) == ["PORT": "3000", "TOKEN": "a=b c", "_X": ""])
    }

    @Test("this test process's own environment is read from /proc")
    func own() throws {
        setenv("SIAX_ENV_PROBE", "value with = and spaces", 1)
        let environment = try #require(ProcessEnvironment.of(pid: getpid(), procRoot: "/proc"))
        // /proc/PID/environ is the environment at exec; PATH is there from the start.
        #expect(environment["PATH"] != nil)
        #expect(ProcessEnvironment.of(pid: 999_999_999, procRoot: "/proc") == nil)
    }
}
