import NIOCore
import NIOPosix

/// For `serve`: NIO's event loops (`MultiThreadedEventLoopGroup.singleton`,
/// the ones Hummingbird serves on) become Swift Concurrency's global executor,
/// so a request's handler runs on the event loop that read it, with no hand-over
/// between two thread pools and back. Measured with `scripts/bench` (wrk on
/// `GET /api/apps`): about a quarter more requests per second on 2 cores.
///
/// Work that blocks stays off it: the D-Bus connection, journal reads and
/// interpreter probes run on threads of their own.
enum EventLoopExecutor {
    /// Installs it on first use — `main` does that before any other task runs;
    /// false where NIO cannot (then the default pool runs everything).
    static let installed = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
