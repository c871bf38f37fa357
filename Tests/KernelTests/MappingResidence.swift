import Foundation

/// The resident KiB of this process's mapping that starts at `address` (`Rss:` in `/proc/self/smaps`).
func residentKiB(ofMappingAt address: UnsafeMutableRawPointer) -> Int? {
    guard let smaps = FileHandle(forReadingAtPath: "/proc/self/smaps")?.readDataToEndOfFile() else { return nil }
    let header = String(UInt(bitPattern: address), radix: 16) + "-"
    let lines = String(decoding: smaps, as: UTF8.self).split(separator: "\n")
    guard let start = lines.firstIndex(where: { $0.hasPrefix(header) }) else { return nil }
    let rss = lines[start...].first { $0.hasPrefix("Rss:") }
    return rss.flatMap { Int($0.split(separator: " ")[1]) }
}
