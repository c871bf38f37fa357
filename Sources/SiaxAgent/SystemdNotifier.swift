import DBusBackend
import ServiceLifecycle

/// The agent's own unit as a service of the group: systemd's watchdog
/// keep-alive while the agent runs (when `WATCHDOG_USEC` is set), and
/// `STOPPING=1` as soon as shutdown begins. `READY=1` is sent by the `http`
/// transport once it listens (see `ServeCommand`).
struct SystemdNotifier: Service {
    let notify: SDNotify

    func run() async throws {
        await cancelWhenGracefulShutdown { await notify.runWatchdog() }
        // Without a watchdog the loop returns at once: wait for shutdown, since a
        // service that returns early ends the whole group.
        try? await gracefulShutdown()
        notify.stopping(status: "stopping")
    }
}
