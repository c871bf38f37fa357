import Kernel

/// Computes a runtime's `InterpreterInfo` once; concurrent callers share the first computation.
actor InterpreterInfoCache {
    private var computation: Task<InterpreterInfo, Never>?

    /// The cached info, computing it with `compute` on the first call.
    func value(_ compute: @escaping @Sendable () async -> InterpreterInfo) async -> InterpreterInfo {
        if let computation { return await computation.value }
        let task = Task { await compute() }
        computation = task
        return await task.value
    }
}
