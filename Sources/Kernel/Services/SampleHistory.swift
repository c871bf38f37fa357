import Foundation

/// One app's resource history: a fixed ring of `limit` packed samples,
/// allocated whole with the first one, so the memory an app's history takes
/// is known from the start (16 bytes a sample: an hour of 50 apps at a 2 s
/// interval is 1.4 MB) and a monitor pass neither copies nor shifts it.
///
/// What the packing keeps: whole seconds (what the API's ISO 8601 dates
/// show), CPU% to 0.01, memory to the KiB (the kernel counts it in pages).
struct SampleHistory {
    /// A sample in 16 bytes; the largest value of a field means "unknown".
    private struct Packed {
        static let unknown = UInt32.max

        /// A value, held below `unknown`.
        static func known(_ value: Double) -> UInt32 {
            value.isNaN ? 0 : UInt32(max(0, min(value, Double(unknown - 1))))
        }

        static func known(_ value: UInt64) -> UInt32 {
            UInt32(min(value, UInt64(unknown - 1)))
        }

        var seconds: UInt32
        var cpuHundredths: UInt32
        var kibibytes: UInt32
        var state: UInt8
    }

    private var ring: [Packed]
    /// Where the next sample goes.
    private var next = 0
    private var count = 0

    /// An empty history holding at most `limit` samples.
    init(limit: Int) {
        ring = Array(repeating: Packed(seconds: 0, cpuHundredths: 0, kibibytes: 0, state: 0), count: max(limit, 1))
    }

    /// Adds a sample, replacing the oldest when full.
    mutating func append(_ sample: StatusCache.Sample) {
        ring[next] = Packed(
            seconds: UInt32(clamping: Int64(sample.at.timeIntervalSince1970.rounded(.down))),
            cpuHundredths: sample.cpuPercent.map { Packed.known(($0 * 100).rounded()) } ?? Packed.unknown,
            kibibytes: sample.memoryBytes.map { Packed.known($0 / 1024 + ($0 % 1024 == 0 ? 0 : 1)) } ?? Packed.unknown,
            state: UInt8(AppState.allCases.firstIndex(of: sample.state) ?? 0))
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
                cpuPercent: packed.cpuHundredths == Packed.unknown ? nil : Double(packed.cpuHundredths) / 100,
                memoryBytes: packed.kibibytes == Packed.unknown ? nil : UInt64(packed.kibibytes) * 1024,
                state: AppState.allCases[Int(packed.state)])
        }
    }

    /// Bytes one sample takes in the ring.
    static var bytesPerSample: Int { MemoryLayout<Packed>.stride }
}
