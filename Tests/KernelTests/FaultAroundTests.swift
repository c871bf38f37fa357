import CFaultAround
import Foundation
import KernelTestSupport
import Testing

/// `siax_fault_around_off` (the `CFaultAround` target, used by `serve`).
/// Needs userfaultfd's asynchronous write-protect mode (`UFFD_FEATURE_WP_ASYNC`, Linux 6.7).
@Suite("Fault-around off", .enabled(if: KernelRelease.atLeast(6, 7)))
struct FaultAroundTests {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    @Test("without a seccomp filter, the probe in a child process finds userfaultfd allowed")
    func probe() {
        #expect(siax_userfaultfd_allowed() == 1)
    }

    @Test("a touch maps one page where fault-around is off, and up to 64 KiB where it is on")
    func onePagePerTouch() throws {
        // A memory file: its pages are all in the page cache, in single pages (an ext4 file
        // written in one go may be cached in large folios, which a fault maps whole either way).
        let fd = memfdCreate("siax-fault-around", 1)  // MFD_CLOEXEC
        try #require(fd >= 0)
        defer { close(fd) }
        let size = 8 << 20
        let written = [UInt8](repeating: 3, count: size).withUnsafeBytes { pwrite(fd, $0.baseAddress, size, 0) }
        try #require(written == size)
        let usual = try #require(mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0))
        let off = try #require(mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0))
        defer { munmap(usual, size); munmap(off, size) }
        var starts = [CUnsignedLong(UInt(bitPattern: off))]
        var ends = [starts[0] + CUnsignedLong(size)]
        #expect(siax_fault_around_off(&starts, &ends, 1) == 1)

        let touches = 8
        for mapping in [usual, off] {
            for touch in 0..<touches { #expect(mapping.load(fromByteOffset: touch << 20, as: UInt8.self) == 3) }
        }
        let usualKiB = try #require(residentKiB(ofMappingAt: usual))
        let offKiB = try #require(residentKiB(ofMappingAt: off))
        #expect(offKiB == touches * page >> 10, "one page per touch where fault-around is off")
        #expect(usualKiB > 4 * offKiB, "fault-around maps neighbours elsewhere (\(usualKiB) KiB)")
    }
}

/// glibc's `memfd_create` (`<sys/mman.h>` under `_GNU_SOURCE`, which the Glibc module does not import).
@_silgen_name("memfd_create")
private func memfdCreate(_ name: UnsafePointer<CChar>, _ flags: UInt32) -> Int32
