import Foundation
import Kernel
import KernelTestSupport
import Testing

/// Hundreds of units on the D-Bus backend, past dbus-daemon's per-connection limits of
/// pending replies (128) and match rules (512): statuses after a daemon-reload, and the state
/// stream over all of them, still work, and the connection stays up.
@Suite("Many units on the D-Bus backend", .serialized, .enabled(if: SystemdEnvironment.shouldRun), .timeLimit(.minutes(5)))
struct ManyUnitsTests {
    @Test("600 units: batch status after a reload, the state stream over all, a start still seen")
    func sixHundredUnits() async throws {
        let backend = try await BackendKind.dbus.make()
        let units = ConformanceUnits(.dbus)
        let names = (0..<600).map { units.unit("many-\($0)") }
        try await units.run {
            for index in 0..<600 { try units.write("many-\(index)", "ExecStart=/bin/sleep 600") }
            try await backend.reload()
            let statuses = try await backend.status(of: names)
            #expect(statuses.count == 600)
            #expect(statuses.values.allSatisfy { $0.isLoaded && $0.activeState == "inactive" && $0.unitFileState == "disabled" })

            // A reload forgets every unit's file state: the next batch asks again, within the limits.
            try await backend.reload()
            #expect(try await backend.status(of: names).values.allSatisfy { $0.unitFileState == "disabled" })

            let seen = Task {
                var first = Set<String>()
                for await change in backend.stateChanges(of: { names }) {
                    if change.status.activeState == "active", change.status.unit == names[599] { return (first.count, true) }
                    first.insert(change.status.unit)
                    if first.count == 600 { try? await backend.start(names[599]) }
                }
                return (first.count, false)
            }
            let timer = Task { try await Task.sleep(for: .seconds(120)); seen.cancel() }
            let (initial, started) = await seen.value
            timer.cancel()
            #expect(initial == 600, "the stream's first read covers every unit")
            #expect(started, "a start among 600 subscribed units is seen")
            #expect(try await backend.status(of: names[0]).isLoaded, "the connection is still up")
        }
    }
}
