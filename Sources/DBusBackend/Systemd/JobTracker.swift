import Kernel
import Synchronization

/// The jobs the backend waits for, and their results from systemd's
/// `JobRemoved` signal.
///
/// The race between a job's end and the wait for it is closed on the bus
/// thread: the reply to `StartUnit` (with the job's path) is decoded there and
/// `expect`s the job before any later message (its `JobRemoved`) is dispatched.
final class JobTracker: Sendable {
    private enum Entry {
        case expected
        case waiting(CheckedContinuation<String, any Error>)
        case finished(String)
        case failed(any Error)
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Registers a job whose `JobRemoved` must be kept (bus thread).
    func expect(_ job: String) {
        entries.withLock { $0[job] = .expected }
    }

    /// Records a job's result (bus thread); wakes its waiter. Other jobs are ignored.
    func finish(_ job: String, result: String) {
        entries.withLock { entries in
            switch entries[job] {
            case .expected: entries[job] = .finished(result)
            case .waiting(let continuation):
                entries[job] = nil
                continuation.resume(returning: result)
            case .finished, .failed, nil: break
            }
        }
    }

    /// Waits for the result of an expected job (`done`, `failed`, …) until
    /// `deadline`, then throws `timeoutError`.
    func result(of job: String, until deadline: ContinuousClock.Instant, timeoutError: SiaxError) async throws -> String {
        let timer = Task { [self] in
            guard (try? await Task.sleep(until: deadline)) != nil else { return }
            fail(job, with: timeoutError)
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                entries.withLock { entries in
                    switch entries.removeValue(forKey: job) {
                    case .finished(let result): continuation.resume(returning: result)
                    case .failed(let error): continuation.resume(throwing: error)
                    default:
                        if Task.isCancelled {
                            continuation.resume(throwing: CancellationError())
                        } else if ContinuousClock.now >= deadline {
                            continuation.resume(throwing: timeoutError)
                        } else {
                            entries[job] = .waiting(continuation)
                        }
                    }
                }
            }
        } onCancel: {
            fail(job, with: CancellationError())
        }
    }

    /// Fails every waiter (the connection is gone: no `JobRemoved` will come).
    func failAll(with error: any Error) {
        entries.withLock { entries in
            for (job, entry) in entries {
                switch entry {
                case .waiting(let continuation):
                    continuation.resume(throwing: error)
                    entries[job] = nil
                case .expected: entries[job] = .failed(error)
                case .finished, .failed: break
                }
            }
        }
    }

    private func fail(_ job: String, with error: any Error) {
        entries.withLock { entries in
            guard case .waiting(let continuation) = entries[job] else { return }
            entries[job] = nil
            continuation.resume(throwing: error)
        }
    }
}
