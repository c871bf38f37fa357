import Foundation
import Hummingbird
import Kernel

/// The agent itself: health, runtimes, the host's process scan, events and the audit log.
struct SystemRoutes: APIRouteProvider {
    func register(on table: RouteTable) {
        let services = table.services
        let kernel = services.kernel
        let probes = services.probes

        table.add(.get, "/api/health", access: .open,
                  doc: RouteDoc("Health, version, backend and privileges", tag: "agent", response: .ref("Health"))) { _, _ in
            try JSON.response(Health(
                status: "ok", version: AgentKernel.version, backend: kernel.backend.name, sandbox: kernel.sandbox,
                privileges: await probes.privilegeCheck()))
        }
        table.add(.get, "/api/runtimes", access: .role(.viewer),
                  doc: RouteDoc("Runtime definitions and their interpreters", tag: "agent", response: .ref("RuntimeList"))) { _, _ in
            let info = await probes.interpreterInfo()
            return try JSON.response(["runtimes": kernel.runtimes.all.map { runtime in
                RuntimeBody(id: runtime.id, name: runtime.displayName, interpreter: info[runtime.id]?.path,
                            available: info[runtime.id]?.available ?? false, version: info[runtime.id]?.version)
            }])
        }
        table.add(.get, "/api/scan", access: .role(.viewer),
                  doc: RouteDoc("Node.js and Python processes on the host", tag: "agent",
                                description: "`unit` is the systemd unit owning each process (from its cgroup); `app` the managed app; `ports` the TCP ports it listens on; `suggested_name` an app name from its `package.json` / `pyproject.toml` or its script. 503 when no scanner is installed.",
                                parameters: [.query("runtime", "only processes of this runtime id (e.g. nodejs)")],
                                response: .ref("ProcessList"), errors: [422, 503])) { request, _ in
            try JSON.response(["processes": try await Self.scan(kernel, runtime: QueryParameters(request).string("runtime"))])
        }
        table.add(.get, "/api/scan/{pid}/environment", access: .role(.admin), audit: "scan.environment",
                  doc: RouteDoc("The environment of a scanned process, on request", tag: "agent",
                                description: "Reads `/proc/PID/environ` of a Node.js or Python process the scan finds, for adopting it: its values are often secrets, so only an admin may, each read is audited, and the panel copies none unless the operator picks it. 404 when the scan does not find that process.",
                                parameters: [.path("pid", "the process's PID, from GET /api/scan")],
                                response: .ref("ProcessEnvironment"), errors: [404, 422, 503])) { _, context in
            let text = try context.parameters.require("pid")
            guard let pid = Int32(text), pid > 0 else { throw SiaxError.invalid("pid", "must be a process id, not '\(text)'") }
            return try JSON.response(ProcessEnvironmentBody(pid: pid, environment: try await Self.environment(kernel, pid: pid)))
        }
        table.add(.get, "/api/events", access: .role(.viewer),
                  doc: RouteDoc("Recent events: state changes, operations, alerts", tag: "agent",
                                parameters: [.query("limit", "most events (1–1000, default 100)", Schemas.integer)],
                                response: .ref("EventList"))) { request, _ in
            let limit = try QueryParameters(request).int("limit", in: 1...1000, default: 100)
            return try JSON.response(["events": await kernel.events.recent(limit: limit)])
        }
        table.add(.get, "/api/audit", access: .role(.admin),
                  doc: RouteDoc("Who did what, when, from where, with what result", tag: "agent",
                                parameters: [.query("limit", "most entries (1–1000, default 100)", Schemas.integer)],
                                response: .ref("AuditList"))) { request, _ in
            let limit = try QueryParameters(request).int("limit", in: 1...1000, default: 100)
            return try JSON.response(["entries": await services.audit.entries(limit: limit)])
        }
    }

    /// The scan, each process with its runtime and managed app.
    static func scan(_ kernel: AgentKernel, runtime filter: String?) async throws -> [ProcessBody] {
        guard let scanner = kernel.scanner else {
            throw SiaxError(.backendUnavailable, "no process scanner is installed in this agent")
        }
        var runtimes = kernel.runtimes.all
        if let filter {
            guard let runtime = kernel.runtimes[filter] else {
                throw SiaxError.invalid("runtime", "no runtime '\(filter)'; known: \(kernel.runtimes.ids.joined(separator: ", "))")
            }
            runtimes = [runtime]
        }
        let appsByUnit = Dictionary(await kernel.apps.list().map { ($0.unitName, $0.name) }, uniquingKeysWith: { a, _ in a })
        let found = try await scanner.scan(runtimes: RuntimeCatalog(runtimes)).compactMap { process -> (ScannedProcess, String?)? in
            let runtime = runtimes.first { $0.matches(process) }
            if filter != nil && runtime == nil { return nil }
            return (process, runtime?.id)
        }
        let hints = await scanner.adoptionHints(for: found.map(\.0))
        return found.map { process, runtime in
            ProcessBody(process, runtime: runtime, app: process.unit.flatMap { appsByUnit[$0] }, hint: hints[process.pid])
        }
    }

    /// The environment of the scanned process `pid`.
    static func environment(_ kernel: AgentKernel, pid: Int32) async throws -> [String: String] {
        guard let scanner = kernel.scanner else {
            throw SiaxError(.backendUnavailable, "no process scanner is installed in this agent")
        }
        let found = try await scanner.scan(runtimes: RuntimeCatalog(kernel.runtimes.all)).first { $0.pid == pid }
        guard let process = found, let environment = await scanner.environment(of: process) else {
            throw SiaxError(.notFound, "no Node.js or Python process with PID \(pid) (or its environment cannot be read)", field: "pid")
        }
        return environment
    }
}

/// `GET /api/scan/{pid}/environment`.
struct ProcessEnvironmentBody: Encodable {
    var pid: Int32
    var environment: [String: String]
}

/// `GET /api/health`.
struct Health: Encodable {
    var status: String
    var version: String
    var backend: String
    var sandbox: Bool
    var privileges: PrivilegeCheck
}

/// One runtime of `GET /api/runtimes`; `interpreter` and `version` are null when unknown.
struct RuntimeBody: Encodable {
    var id: String
    var name: String
    var interpreter: String?
    var available: Bool
    var version: String?

    enum CodingKeys: String, CodingKey { case id, name, interpreter, available, version }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(interpreter, forKey: .interpreter)
        try c.encode(available, forKey: .available)
        try c.encode(version, forKey: .version)
    }
}

/// One process of `GET /api/scan`; absent values are explicit nulls.
struct ProcessBody: Encodable {
    var process: ScannedProcess
    var runtime: String?
    var app: String?
    var hint: AdoptionHint?

    init(_ process: ScannedProcess, runtime: String?, app: String?, hint: AdoptionHint?) {
        self.process = process
        self.runtime = runtime
        self.app = app
        self.hint = hint
    }

    enum CodingKeys: String, CodingKey {
        case pid, ppid, user, runtime, cmdline, argv, cwd, unit, app, ports
        case suggestedName = "suggested_name"
        case cpuPercent = "cpu_percent"
        case memoryBytes = "memory_bytes"
        case startedAt = "started_at"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(process.pid, forKey: .pid)
        try c.encode(process.ppid, forKey: .ppid)
        try c.encode(process.user, forKey: .user)
        try c.encode(runtime, forKey: .runtime)
        try c.encode(process.commandLine, forKey: .cmdline)
        try c.encode(process.argv, forKey: .argv)
        try c.encode(process.cwd, forKey: .cwd)
        try c.encode(process.cpuPercent, forKey: .cpuPercent)
        try c.encode(process.memoryBytes, forKey: .memoryBytes)
        try c.encode(process.startedAt, forKey: .startedAt)
        try c.encode(process.unit, forKey: .unit)
        try c.encode(app, forKey: .app)
        try c.encode(hint?.ports ?? [], forKey: .ports)
        try c.encode(hint?.suggestedName, forKey: .suggestedName)
    }
}
