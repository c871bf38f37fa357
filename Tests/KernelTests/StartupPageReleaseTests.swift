import Foundation
@testable import Kernel
import Testing

@Suite("StartupPageRelease", .serialized)
struct StartupPageReleaseTests {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    @Test("reclaims read-only file pages: a file mapping touched in full is no longer resident after it")
    func releasesFilePages() throws {
        // A 4 MiB file, mapped read-only and read through: resident until released.
        let size = 4 << 20
        let file = try SyncedFile(size: size)
        let mapped = try #require(mmap(nil, size, PROT_READ, MAP_PRIVATE, file.fd, 0))
        defer { munmap(mapped, size) }
        let bytes = mapped.assumingMemoryBound(to: UInt8.self)
        var sum = 0
        for offset in stride(from: 0, to: size, by: page) { sum += Int(bytes[offset]) }
        #expect(sum == 7 * size / page)
        #expect(residentPages(mapped, size) == size / page)

        let released = try #require(StartupPageRelease.release())
        #expect(residentPages(mapped, size) == 0)
        #expect(released.after < released.before)
        // Still readable: the pages come back on the next touch.
        #expect(bytes[size - 1] == 7)
    }

    @Test("drops pages other processes map too (libc's) from this process, and keeps private copies")
    func dropsSharedPagesKeepsCopies() throws {
        // libc, mapped again: every process maps it, so MADV_PAGEOUT leaves its pages where they are.
        let libcPath = try #require(mappedFilePath(endingWith: "/libc.so.6"))
        let libc = open(libcPath, O_RDONLY)
        try #require(libc >= 0)
        defer { close(libc) }
        let libcSize = Int(lseek(libc, 0, SEEK_END))
        let shared = try #require(mmap(nil, libcSize, PROT_READ, MAP_PRIVATE, libc, 0))
        defer { munmap(shared, libcSize) }
        let libcBytes = shared.assumingMemoryBound(to: UInt8.self)
        var touched = 0
        for offset in stride(from: 0, to: libcSize, by: page) { touched &+= Int(libcBytes[offset]) }
        #expect(touched != 0)
        #expect(try #require(residentKiB(ofMappingAt: shared)) == (libcSize + page - 1) / page * page >> 10)
        // A private copy in a read-only mapping, as the dynamic linker leaves relocated data (RELRO).
        let size = 1 << 20
        let file = try SyncedFile(size: size)
        let copied = try #require(mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, file.fd, 0))
        defer { munmap(copied, size) }
        copied.storeBytes(of: 42, as: UInt8.self)
        #expect(mprotect(copied, size, PROT_READ) == 0)

        try #require(StartupPageRelease.release() != nil)
        #expect(residentKiB(ofMappingAt: shared) == 0, "no longer in this process's page tables")
        #expect(copied.load(as: UInt8.self) == 42, "the private copy is kept")
        #expect(copied.load(fromByteOffset: size - 1, as: UInt8.self) == 7)
        #expect(Array(UnsafeBufferPointer(start: libcBytes, count: 4)) == [0x7F, 0x45, 0x4C, 0x46], "readable again: ELF")
    }

    @Test("smaps: a read-only file mapping is unmodified only with no anonymous page and none swapped out")
    func privatePages() {
        let smaps = """
            00400000-00500000 r-xp 00000000 fe:01 12 /usr/bin/agent
            Rss:                 400 kB
            Anonymous:             0 kB
            Swap:                  0 kB
            VmFlags: rd ex mr mw me
            00500000-00600000 r--p 00100000 fe:01 12 /usr/bin/agent
            Anonymous:             8 kB
            Swap:                  0 kB
            00600000-00700000 r--p 00200000 fe:01 12 /usr/bin/agent
            Anonymous:             0 kB
            Swap:                  4 kB
            00700000-00800000 rw-p 00300000 fe:01 12 /usr/bin/agent
            Anonymous:             0 kB
            00800000-00900000 rw-p 00000000 00:00 0
            Anonymous:             0 kB
            00900000-00a00000 r--p 00000000 fe:01 13 /usr/lib/locale/C.utf8/LC_CTYPE
            Rss:                   4 kB
            """
        #expect(StartupPageRelease.readOnlyFileMappings(smaps: smaps) == [
            .init(range: 0x400000..<0x500000, unmodified: true),
            .init(range: 0x500000..<0x600000, unmodified: false),
            .init(range: 0x600000..<0x700000, unmodified: false),
            .init(range: 0x900000..<0xa00000, unmodified: false),  // no Anonymous: line, so not known to be
        ])
    }

    @Test("every read-only file mapping is found, however long /proc/self/maps is")
    func wholeMapsFile() throws {
        let maps = try #require(FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile())
        let expected = String(decoding: maps, as: UTF8.self).split(separator: "\n").filter { line in
            line.contains("/") && !line.split(separator: " ")[1].contains("w")
        }
        #expect(maps.count > 4096, "a maps file longer than one page")
        let found = try #require(StartupPageRelease.readOnlyFileMappings())
        #expect(found.count == expected.count, "\(found.count) found, \(expected.count) expected")
    }

    /// The path of a file this process maps whose path ends with `suffix` (`/proc/self/maps`).
    func mappedFilePath(endingWith suffix: String) -> String? {
        guard let maps = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() else { return nil }
        return String(decoding: maps, as: UTF8.self).split(separator: "\n")
            .compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) }
            .first { $0.hasSuffix(suffix) }
    }

    /// How many pages of a file mapping are in memory (`mincore`: the page cache).
    func residentPages(_ address: UnsafeMutableRawPointer, _ size: Int) -> Int {
        var vector = [UInt8](repeating: 0, count: size / page)
        guard mincore(address, size, &vector) == 0 else { return -1 }
        return vector.filter { $0 & 1 == 1 }.count
    }
}

/// A file of bytes 7 in /var/tmp, written and synced (clean pages: dirty ones would wait for
/// writeback), open read-only; removed when released. Not in /tmp: that may be a tmpfs (it is
/// in the sandbox), whose pages cannot be reclaimed without swap.
private final class SyncedFile {
    let path = "/var/tmp/siax-pages-\(UUID().uuidString)"
    let fd: Int32

    init(size: Int) throws {
        try Data(repeating: 7, count: size).write(to: URL(fileURLWithPath: path))
        fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        fsync(fd)
    }

    deinit {
        close(fd)
        try? FileManager.default.removeItem(atPath: path)
    }
}
