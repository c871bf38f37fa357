import Foundation

/// One app's resource history: a fixed ring of `limit` packed samples,
/// allocated whole with the first one, so the memory an app's history takes
/// is known from the start (12 bytes a sample: an hour of 50 apps at a 2 s
/// interval is 1.1 MB) and a monitor pass neither copies nor shifts it.
///
/// What the packing keeps: whole seconds (what the API's ISO 8601 dates
/// show), CPU% to 0.01 (up to 167,772 %, i.e. 1,677 busy cores), memory to the
/// KiB (the kernel counts it in pages).
struct SampleHistory {
    /// A sample in 12 bytes; the largest value of a field means "unknown".
    private struct Packed {
        static let unknown = UInt32.max
        /// CPU hundredths take the low 24 bits of `cpuAndState`, the state its high 8.
        static let unknownCPU: UInt32 = 0xFF_FFFF

        /// A value, held below `limit`.
        static func known(_ value: Double, below limit: UInt32 = unknown) -> UInt32 {
            value.isNaN ? 0 : UInt32(max(0, min(value, Double(limit - 1))))
        }

        static func known(_ value: UInt64) -> UInt32 {
            UInt32(min(value, UInt64(unknown - 1)))
        }

        var seconds: UInt32
        var kibibytes: UInt32
        var cpuAndState: UInt32

        var cpuHundredths: UInt32 { cpuAndState & Self.unknownCPU }
        var state: Int { Int(cpuAndState >> 24) }
    }

    private var ring: [Packed]
    /// Where the next sample goes.
    private var next = 0
    private var count = 0

    /// An empty history holding at most `limit` samples.
    init(limit: Int) {
        ring = Array(repeating: Packed(seconds: 0, kibibytes: 0, cpuAndState: 0), count: max(limit, 1))
    }

    /// Adds a sample, replacing the oldest when full.
    mutating func append(_ sample: StatusCache.Sample) {
        let cpu = sample.cpuPercent.map { Packed.known(($0 * 100).rounded(), below: Packed.unknownCPU) } ?? Packed.unknownCPU
        let state = UInt32(AppState.allCases.firstIndex(of: sample.state) ?? 0)
        ring[next] = Packed(
            seconds: UInt32(clamping: Int64(sample.at.timeIntervalSince1970.rounded(.down))),
            kibibytes: sample.memoryBytes.map { Packed.known($0 / 1024 + ($0 % 1024 == 0 ? 0 : 1)) } ?? Packed.unknown,
            cpuAndState: state << 24 | cpu)
        next = (next + 1) % ring.count
        count = min(count + 1, ring.count)
    }

    /// The samples, oldest first.
    var samples: [StatusCache.Sample] {
        let oldest = (next - count + ring.count) % ring.count
        return (0..<count).map { offset in
            let packed = ring[(oldest + offset) % ring.count]
            return StatusCache.Sample(
                at: Date(timeIntervalSince1970: TimeInterval(packed.seconds)),
                cpuPercent: packed.cpuHundredths == Packed.unknownCPU ? nil : Double(packed.cpuHundredths) / 100,
                memoryBytes: packed.kibibytes == Packed.unknown ? nil : UInt64(packed.kibibytes) * 1024,
                state: AppState.allCases[packed.state])
        }
    }

    /// Bytes one sample takes in the ring.
    static var bytesPerSample: Int { MemoryLayout<Packed>.stride }
}
