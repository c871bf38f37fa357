import KernelTestSupport
import Testing

/// Tests against the real systemd and journald of `scripts/sandbox`, one at a
/// time (timings and child-process checks must not overlap).
@Suite("against a real systemd", .serialized, .requiresSystemd)
enum SystemdIntegration {}
