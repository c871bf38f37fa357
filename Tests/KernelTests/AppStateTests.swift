import Testing
import Kernel

@Suite("App state derivation (docs/architecture.md's state table)")
struct AppStateTests {
    func unit(_ active: String, _ sub: String = "running") -> UnitStatus {
        UnitStatus(unit: "a.service", activeState: active, subState: sub)
    }

    @Test func table() {
        #expect(AppState.derive(status: unit("active"), processAlive: true) == .running)
        #expect(AppState.derive(status: unit("active"), processAlive: false) == .crashed)
        #expect(AppState.derive(status: unit("failed", "failed"), processAlive: false) == .failed)
        #expect(AppState.derive(status: unit("failed", "failed"), processAlive: true) == .zombie)
        #expect(AppState.derive(status: unit("inactive", "dead"), processAlive: true) == .zombie)
        #expect(AppState.derive(status: unit("inactive", "dead"), processAlive: false) == .stopped)
        #expect(AppState.derive(status: unit("activating", "start"), processAlive: false) == .starting)
        #expect(AppState.derive(status: unit("deactivating", "stop-sigterm"), processAlive: true) == .stopping)
        #expect(AppState.derive(status: unit("activating", "auto-restart"), processAlive: false) == .restarting)
        #expect(AppState.derive(status: nil, processAlive: true) == .unknown)
    }
}
