/// The fields of `/proc/PID/stat` that a scan needs (proc(5)).
struct ProcStat: Equatable {
    /// A hash of field 2, the command name (the executable's name, set anew by `exec`).
    var commHash: Int
    /// Field 3: `R`, `S`, `D`, `Z`, `T`, …
    var state: UInt8
    /// Field 4.
    var ppid: Int32
    /// Fields 14 + 15: user and system time, in clock ticks.
    var cpuTicks: UInt64
    /// Field 22: start time after boot, in clock ticks.
    var startTicks: UInt64
    /// Field 24: resident pages (the same count as `statm`'s second field).
    var residentPages: UInt64

    /// Whether the process has exited and only waits to be reaped (or is being removed).
    var isDead: Bool { state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") || state == UInt8(ascii: "x") }

    /// Parses the file's bytes; nil when it is malformed.
    ///
    /// The command name (field 2) may contain spaces and parentheses, so
    /// parsing starts after the *last* `)`.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")), let close = bytes.lastIndex(of: UInt8(ascii: ")")),
              open < close else { return nil }
        var field = 2
        var index = close + 1
        var state: UInt8?
        var ppid: UInt64?, utime: UInt64?, stime: UInt64?, start: UInt64?, rss: UInt64?
        while index < bytes.count, field < 24 {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard index < bytes.count else { break }
            field += 1
            if field == 3 {
                state = bytes[index]
                index += 1
                continue
            }
            var value: UInt64 = 0
            var negative = false
            if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
            while index < bytes.count, case let byte = bytes[index], byte != UInt8(ascii: " "), byte != UInt8(ascii: "\n") {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                index += 1
            }
            if negative { value = 0 }
            switch field {
            case 4: ppid = value
            case 14: utime = value
            case 15: stime = value
            case 22: start = value
            case 24: rss = value
            default: break
            }
        }
        guard let state, let ppid, let utime, let stime, let start, let rss, ppid <= UInt64(Int32.max) else { return nil }
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[(open + 1)..<close]))
        self.commHash = hasher.finalize()
        self.state = state
        self.ppid = Int32(ppid)
        self.cpuTicks = utime &+ stime
        self.startTicks = start
        self.residentPages = rss
    }
}
