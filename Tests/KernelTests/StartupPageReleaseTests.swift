import Foundation
@testable import Kernel
import Testing

@Suite("StartupPageRelease", .serialized)
struct StartupPageReleaseTests {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    @Test("reclaims read-only file pages: a file mapping touched in full is no longer resident after it")
    func releasesFilePages() throws {
        // A 4 MiB file, mapped read-only and read through: resident until released. In /var/tmp:
        // /tmp may be a tmpfs (it is in the sandbox), whose pages cannot be reclaimed without swap.
        let path = "/var/tmp/siax-pages-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size = 4 << 20
        try Data(repeating: 7, count: size).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        fsync(fd)  // clean pages: dirty ones would wait for writeback
        let mapped = try #require(mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0))
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

    @Test("drops pages that stay in the page cache from this process, and keeps private copies")
    func dropsSharedPagesKeepsCopies() throws {
        let path = "/var/tmp/siax-pages-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size = 1 << 20
        try Data(repeating: 7, count: size).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        fsync(fd)
        // Mapped twice: each page has two mappers, so MADV_PAGEOUT leaves it (as it leaves libc's).
        let first = try #require(mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0))
        let second = try #require(mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0))
        // A private copy in a read-only mapping, as the dynamic linker leaves relocated data (RELRO).
        let copied = try #require(mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0))
        defer { for mapping in [first, second, copied] { munmap(mapping, size) } }
        for mapping in [first, second, copied] {
            let bytes = mapping.assumingMemoryBound(to: UInt8.self)
            for offset in stride(from: 0, to: size, by: page) { #expect(bytes[offset] == 7) }
        }
        copied.storeBytes(of: 42, as: UInt8.self)
        #expect(mprotect(copied, size, PROT_READ) == 0)
        #expect(residentKiB(ofMappingAt: first) == size >> 10 && residentKiB(ofMappingAt: second) == size >> 10)

        try #require(StartupPageRelease.release() != nil)
        #expect(residentKiB(ofMappingAt: first) == 0 && residentKiB(ofMappingAt: second) == 0, "no longer in this process's page tables")
        #expect(residentPages(first, size) == size / page, "still in the page cache")
        #expect(copied.load(as: UInt8.self) == 42, "the private copy is kept")
        #expect(first.load(fromByteOffset: size - 1, as: UInt8.self) == 7)
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

    /// How many pages of a file mapping are in memory (`mincore`: the page cache).
    func residentPages(_ address: UnsafeMutableRawPointer, _ size: Int) -> Int {
        var vector = [UInt8](repeating: 0, count: size / page)
        guard mincore(address, size, &vector) == 0 else { return -1 }
        return vector.filter { $0 & 1 == 1 }.count
    }
}
