import Foundation

/// Checks an app spec against allowlists before anything is written.
///
/// Every problem is reported with the field at fault; nothing here touches
/// systemd or the registry.
public struct SpecValidator: Sendable {
    /// App names: a lower-case letter, then up to 62 of `a-z 0-9 _ -`.
    public static let namePattern = #"^[a-z][a-z0-9_-]{0,62}$"#
    static let environmentNamePattern = #"^[A-Za-z_][A-Za-z0-9_]*$"#
    static let memoryPattern = #"^([0-9]+(\.[0-9]+)?[KMGT]?|[0-9]{1,2}%|infinity)$"#
    static let cpuPattern = #"^[0-9]{1,5}(\.[0-9]{1,2})?%$"#
    static let maxArgs = 64, maxEnvironment = 128, maxValueBytes = 32 * 1024, maxPathBytes = 4096

    private let runtimes: RuntimeCatalog
    private let allowRoot: Bool

    /// - Parameter allowRoot: whether apps may run as root (config `allow_root_apps`).
    public init(runtimes: RuntimeCatalog, allowRoot: Bool = false) {
        self.runtimes = runtimes
        self.allowRoot = allowRoot
    }

    /// All problems with `spec`, in field order; empty when it is valid.
    public func problems(_ spec: AppSpec) -> [FieldError] {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }

        checkText(spec.name, field: "name", into: &errors)
        if !Self.matches(spec.name, Self.namePattern) {
            fail("name", "must match \(Self.namePattern) (lower-case letter, then letters, digits, '_' or '-', at most 63)")
        }
        checkText(spec.runtime, field: "runtime", into: &errors)
        let runtime = runtimes[spec.runtime]
        if runtime == nil {
            fail("runtime", "unknown runtime '\(spec.runtime)'; known: \(runtimes.ids.joined(separator: ", "))")
        }
        checkScriptPath(spec.scriptPath, into: &errors)
        checkWorkingDir(spec.workingDir, into: &errors)
        checkUser(spec.user, into: &errors)
        if errors.isEmpty { checkAccess(spec, into: &errors) }
        checkArgs(spec.args, into: &errors)
        checkEnvironment(spec.environment, into: &errors)
        if let port = spec.port, !(1...65535).contains(port) { fail("port", "must be between 1 and 65535") }
        if let memory = spec.limits?.memoryMax, !Self.matches(memory, Self.memoryPattern) {
            fail("limits.memory_max", "must be bytes with an optional K/M/G/T suffix (e.g. 512M), a percentage, or 'infinity'")
        }
        if let cpu = spec.limits?.cpuQuota, !Self.matches(cpu, Self.cpuPattern) {
            fail("limits.cpu_quota", "must be a percentage such as 50% or 200%")
        }
        if let limit = spec.logRateLimit {
            // 0 would not disable the limit: systemd does not pass 0 on, and journald applies its own default.
            if !(1...3600).contains(limit.intervalSeconds) {
                fail("log_rate_limit.interval_s", "must be 1–3600 (0 would mean journald's default, not unlimited)")
            }
            if !(1...10_000_000).contains(limit.burst) {
                fail("log_rate_limit.burst", "must be 1–10000000 (0 would mean journald's default, not unlimited; raise it instead)")
            }
        }
        if let check = spec.healthCheck { checkHealth(check, port: spec.port, into: &errors) }
        if errors.isEmpty, let runtime { errors += runtime.validate(spec) }
        return errors
    }

    /// The runtime that runs `spec`, once the spec is valid; throws `validation_failed` naming
    /// every field at fault.
    @discardableResult
    public func validate(_ spec: AppSpec) throws -> any Runtime {
        let errors = problems(spec)
        guard errors.isEmpty, let runtime = runtimes[spec.runtime] else { throw SiaxError.validation(errors) }
        return runtime
    }

    // MARK: - Field checks

    private func checkText(_ value: String, field: String, into errors: inout [FieldError]) {
        if UnitEscaping.containsControlCharacter(value) {
            errors.append(FieldError(field: field, message: "must not contain control characters (newline, tab, NUL, …)"))
        } else if value.utf8.count > Self.maxValueBytes {
            errors.append(FieldError(field: field, message: "is longer than \(Self.maxValueBytes) bytes"))
        }
    }

    private func checkPath(_ path: String, field: String, into errors: inout [FieldError]) -> Bool {
        let before = errors.count
        checkText(path, field: field, into: &errors)
        if errors.count > before { return false }
        guard path.hasPrefix("/") else {
            errors.append(FieldError(field: field, message: "must be an absolute path"))
            return false
        }
        if path.utf8.count > Self.maxPathBytes || path != path.trimmingCharacters(in: .whitespaces) {
            errors.append(FieldError(field: field, message: "must be at most \(Self.maxPathBytes) bytes, without leading or trailing spaces"))
            return false
        }
        // A backslash ending a unit file line continues it on the next: no path may carry one.
        if path.contains("\\") {
            errors.append(FieldError(field: field, message: "must not contain a backslash"))
            return false
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.contains(where: { $0 == "." || $0 == ".." }) || path.contains("//") || (path.count > 1 && path.hasSuffix("/")) {
            errors.append(FieldError(field: field, message: "must be a normalized absolute path (no '.', '..' or empty segments)"))
            return false
        }
        return true
    }

    private func checkScriptPath(_ path: String, into errors: inout [FieldError]) {
        guard checkPath(path, field: "script_path", into: &errors) else { return }
        var info = stat()
        if stat(path, &info) != 0 {
            errors.append(FieldError(field: "script_path", message: "\(path) does not exist"))
        } else if info.st_mode & S_IFMT != S_IFREG {
            errors.append(FieldError(field: "script_path", message: "\(path) is not a regular file"))
        }
    }

    private func checkWorkingDir(_ path: String, into errors: inout [FieldError]) {
        guard checkPath(path, field: "working_dir", into: &errors) else { return }
        var info = stat()
        if stat(path, &info) != 0 || info.st_mode & S_IFMT != S_IFDIR {
            errors.append(FieldError(field: "working_dir", message: "\(path) is not an existing directory"))
        }
    }

    private func checkUser(_ user: String, into errors: inout [FieldError]) {
        let before = errors.count
        checkText(user, field: "user", into: &errors)
        guard errors.count == before else { return }
        if user.allSatisfy(\.isNumber) {
            errors.append(FieldError(field: "user", message: "must be a user name, not a UID ('\(user)')"))
        } else if !Self.matches(user, #"^[a-z_][a-z0-9_.-]{0,31}$"#) || getpwnam(user) == nil {
            errors.append(FieldError(field: "user", message: "no system user named '\(user)'"))
        } else if !allowRoot, getpwnam(user)?.pointee.pw_uid == 0 {
            errors.append(FieldError(
                field: "user", message: "apps may not run as root (uid 0); choose an unprivileged user, or set allow_root_apps in the configuration"))
        }
    }

    /// The user can read the script and enter the working directory (every directory on the way).
    private func checkAccess(_ spec: AppSpec, into errors: inout [FieldError]) {
        guard let access = UserAccess(user: spec.user) else { return }
        if let problem = access.problem(with: spec.scriptPath, need: .read) {
            errors.append(FieldError(field: "script_path", message: problem))
        }
        if let problem = access.problem(with: spec.workingDir, need: .enter) {
            errors.append(FieldError(field: "working_dir", message: problem))
        }
    }

    private func checkArgs(_ args: [String], into errors: inout [FieldError]) {
        if args.count > Self.maxArgs {
            errors.append(FieldError(field: "args", message: "at most \(Self.maxArgs) arguments"))
        }
        for (index, arg) in args.enumerated() {
            checkText(arg, field: "args[\(index)]", into: &errors)
        }
    }

    private func checkEnvironment(_ environment: [String: String], into errors: inout [FieldError]) {
        if environment.count > Self.maxEnvironment {
            errors.append(FieldError(field: "environment", message: "at most \(Self.maxEnvironment) variables"))
        }
        for name in environment.keys.sorted() {
            if !Self.matches(name, Self.environmentNamePattern) {
                let shown = UnitEscaping.containsControlCharacter(name) ? name.debugDescription : name
                errors.append(FieldError(field: "environment", message: "variable name \(shown) must match [A-Za-z_][A-Za-z0-9_]*"))
                continue
            }
            if name.hasPrefix("LD_") {
                errors.append(FieldError(field: "environment.\(name)", message: "LD_* variables are refused: they change what the dynamic linker loads into the app"))
                continue
            }
            checkText(environment[name]!, field: "environment.\(name)", into: &errors)
        }
    }

    private func checkHealth(_ check: HealthCheck, port: Int?, into errors: inout [FieldError]) {
        func fail(_ field: String, _ message: String) { errors.append(FieldError(field: "health_check.\(field)", message: message)) }
        guard let probePort = check.port ?? port else { return fail("port", "is required when the app has no port") }
        if !(1...65535).contains(probePort) { fail("port", "must be between 1 and 65535") }
        if check.type == .http, !check.path.hasPrefix("/") || UnitEscaping.containsControlCharacter(check.path) || check.path.contains(" ") {
            fail("path", "must be an absolute URL path without spaces or control characters")
        }
        if !(1...86_400).contains(check.intervalSeconds) { fail("interval_s", "must be 1–86400") }
        if !(check.timeoutSeconds > 0 && check.timeoutSeconds <= check.intervalSeconds) { fail("timeout_s", "must be positive and at most interval_s") }
        if !(1...100).contains(check.failureThreshold) { fail("failure_threshold", "must be 1–100") }
    }

    static func matches(_ value: String, _ pattern: String) -> Bool {
        value.range(of: pattern, options: .regularExpression) != nil
            && !value.contains("\n")
    }
}
