/// Waits until `condition` holds (true) or `timeout` passes (false), checking every 20 ms.
/// The default bound is generous: the tests run on loaded, shared machines.
public func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
