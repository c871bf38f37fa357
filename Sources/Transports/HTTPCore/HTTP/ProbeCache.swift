import Foundation
import Kernel

/// Results that may cost a subprocess — the backend's privilege check and
/// each runtime's interpreter version — computed once per `ttl` and shared
/// by concurrent requests.
actor ProbeCache {
    private let kernel: AgentKernel
    private let ttl: TimeInterval
    private var privileges: (value: PrivilegeCheck, at: Date)?
    private var privilegesTask: Task<PrivilegeCheck, Never>?
    private var interpreters: (value: [String: InterpreterInfo], at: Date)?
    private var interpretersTask: Task<[String: InterpreterInfo], Never>?

    init(kernel: AgentKernel, ttl: TimeInterval = 60) {
        self.kernel = kernel
        self.ttl = ttl
    }

    /// The backend's privilege check.
    func privilegeCheck() async -> PrivilegeCheck {
        if let privileges, Date().timeIntervalSince(privileges.at) < ttl { return privileges.value }
        let task = privilegesTask ?? Task { [backend = kernel.backend] in await backend.checkPrivileges() }
        privilegesTask = task
        let value = await task.value
        privileges = (value, Date())
        privilegesTask = nil
        return value
    }

    /// Each runtime's interpreter, by runtime id.
    func interpreterInfo() async -> [String: InterpreterInfo] {
        if let interpreters, Date().timeIntervalSince(interpreters.at) < ttl { return interpreters.value }
        let task = interpretersTask ?? Task { [runtimes = kernel.runtimes.all] in
            await withTaskGroup(of: (String, InterpreterInfo).self) { group in
                for runtime in runtimes { group.addTask { (runtime.id, await runtime.interpreterInfo()) } }
                var result: [String: InterpreterInfo] = [:]
                for await (id, info) in group { result[id] = info }
                return result
            }
        }
        interpretersTask = task
        let value = await task.value
        interpreters = (value, Date())
        interpretersTask = nil
        return value
    }
}
