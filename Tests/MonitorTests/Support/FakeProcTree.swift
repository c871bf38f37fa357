import Foundation

/// A fake `/proc` in a temporary directory: `stat` with a boot time, and one
/// directory per process with the files the scanner reads.
struct FakeProcTree {
    static let bootTime = 1_700_000_000
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("siax-proc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try write("stat", "cpu  1 2 3 4\nbtime \(Self.bootTime)\nprocesses 42\n")
        try write("self", "not a process")
    }

    /// Adds (or replaces) a process; nil files are left out.
    func add(
        pid: Int32, ppid: Int32 = 1, argv: [String], exe: String? = nil, cwd: String? = "/", uid: UInt32 = 0,
        state: Character = "S", comm: String? = nil, cpuTicks: (user: Int, system: Int) = (0, 0), startTicks: Int = 1000,
        residentPages: Int = 10, cgroup: String? = "0::/\n", smapsPss: Int? = nil, withStat: Bool = true
    ) throws {
        let dir = "\(pid)"
        try? FileManager.default.removeItem(atPath: "\(root)/\(dir)")
        try FileManager.default.createDirectory(atPath: "\(root)/\(dir)", withIntermediateDirectories: true)
        try write("\(dir)/cmdline", argv.map { $0 + "\0" }.joined())
        if withStat {
            let name = comm ?? (argv.first.map { ($0 as NSString).lastPathComponent } ?? "")
            var fields = ["\(pid)", "(\(name))", String(state), "\(ppid)"]
            fields += Array(repeating: "0", count: 9)            // fields 5–13
            fields += ["\(cpuTicks.user)", "\(cpuTicks.system)"]  // 14, 15
            fields += Array(repeating: "0", count: 4) + ["-20"] + ["1"]  // 16–21 (one negative)
            fields += ["\(startTicks)", "123456", "\(residentPages)"]    // 22–24
            fields += Array(repeating: "0", count: 28)
            try write("\(dir)/stat", fields.joined(separator: " ") + "\n")
        }
        try write("\(dir)/status", "Name:\tx\nState:\tS (sleeping)\nUid:\t\(uid)\t\(uid)\t\(uid)\t\(uid)\nGid:\t0\t0\t0\t0\n")
        if let cgroup { try write("\(dir)/cgroup", cgroup) }
        if let smapsPss { try write("\(dir)/smaps_rollup", "00400000-7fff0000 ---p 00000000 00:00 0 [rollup]\nRss: 9999 kB\nPss:  \(smapsPss) kB\n") }
        if let exe { try FileManager.default.createSymbolicLink(atPath: "\(root)/\(dir)/exe", withDestinationPath: exe) }
        if let cwd { try FileManager.default.createSymbolicLink(atPath: "\(root)/\(dir)/cwd", withDestinationPath: cwd) }
    }

    func remove(pid: Int32) {
        try? FileManager.default.removeItem(atPath: "\(root)/\(pid)")
    }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(root)/\(path)"))
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: root) }
}
