import Foundation
import Testing
@testable import Kernel

@Suite("An app's resource history")
struct SampleHistoryTests {
    private func sample(_ second: Int, cpu: Double? = 1.5, memory: UInt64? = 4096, state: AppState = .running) -> StatusCache.Sample {
        StatusCache.Sample(at: Date(timeIntervalSince1970: TimeInterval(second)), cpuPercent: cpu, memoryBytes: memory, state: state)
    }

    @Test("keeps the newest `limit` samples, oldest first, across wrap-arounds")
    func ring() {
        var history = SampleHistory(limit: 3)
        #expect(history.samples.isEmpty)
        history.append(sample(1_800_000_001))
        history.append(sample(1_800_000_002))
        #expect(history.samples.map(\.at.timeIntervalSince1970) == [1_800_000_001, 1_800_000_002])
        for second in 3...8 { history.append(sample(1_800_000_000 + second)) }
        #expect(history.samples.map(\.at.timeIntervalSince1970) == [1_800_000_006, 1_800_000_007, 1_800_000_008])
    }

    @Test("round trip: whole seconds, CPU to 0.01 %, memory to the KiB, unknowns stay unknown, every state")
    func packing() {
        var history = SampleHistory(limit: AppState.allCases.count + 2)
        for (index, state) in AppState.allCases.enumerated() {
            history.append(sample(1_800_000_000 + index, cpu: 12.345, memory: 7 * 4096, state: state))
        }
        history.append(StatusCache.Sample(at: Date(timeIntervalSince1970: 1_800_000_100.75), cpuPercent: nil, memoryBytes: nil, state: .stopped))
        history.append(sample(1_800_000_101, cpu: 812.5, memory: 1025))
        let samples = history.samples
        #expect(samples.prefix(AppState.allCases.count).map(\.state) == AppState.allCases)
        #expect(samples[0].cpuPercent == 12.35 && samples[0].memoryBytes == 7 * 4096)
        #expect(samples[samples.count - 2] == StatusCache.Sample(
            at: Date(timeIntervalSince1970: 1_800_000_100), cpuPercent: nil, memoryBytes: nil, state: .stopped))
        #expect(samples[samples.count - 1].cpuPercent == 812.5 && samples[samples.count - 1].memoryBytes == 2048)
    }

    @Test("CPU beyond what 24 bits hold is kept at the largest known value, not taken for unknown")
    func cpuCeiling() {
        var history = SampleHistory(limit: 1)
        history.append(sample(1_800_000_000, cpu: 1e9, state: .crashed))
        #expect(history.samples[0].cpuPercent == 167_772.14 && history.samples[0].state == .crashed)
    }

    @Test("a sample takes 12 bytes: an hour of 50 apps at 2 s is 1.1 MB")
    func size() {
        #expect(SampleHistory.bytesPerSample == 12)
    }
}
