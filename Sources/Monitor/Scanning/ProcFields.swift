/// Small parsers for `/proc` text files of the form `Key:\tvalue …` and for
/// NUL-separated lists.
enum ProcFields {
    /// The first number after the line starting with `key` (which includes its
    /// colon), e.g. `Uid:` in `status` (real uid) or `Pss:` in `smaps_rollup` (kB).
    static func firstNumber(afterKey key: String, in bytes: UnsafeRawBufferPointer) -> UInt64? {
        let key = key.utf8
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            if line.starts(with: key) { return number(in: line.dropFirst(key.count)) }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// The first unsigned decimal number in `bytes`, skipping leading blanks.
    static func number(in bytes: Slice<UnsafeRawBufferPointer>) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        for byte in bytes {
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                value = value &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                digits += 1
            } else if digits > 0 {
                break
            } else if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") {
                return nil
            }
        }
        return digits > 0 ? value : nil
    }

    /// `cmdline`'s arguments: NUL-terminated strings (a final unterminated one counts too).
    static func arguments(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var result: [String] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == 0 {
            result.append(String(decoding: bytes[start..<index], as: UTF8.self))
            start = index + 1
        }
        if start < bytes.count { result.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return result
    }

    /// The process ID a `/proc` entry names, or nil for non-numeric entries.
    static func pid(_ name: UnsafePointer<CChar>) -> Int32? {
        var value: Int32 = 0
        var pointer = name
        guard pointer.pointee != 0 else { return nil }
        while pointer.pointee != 0 {
            let byte = UInt8(bitPattern: pointer.pointee)
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = multiplied.addingReportingOverflow(Int32(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = added
            pointer += 1
        }
        return value
    }
}
