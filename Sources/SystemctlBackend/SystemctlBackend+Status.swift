import Kernel

extension SystemctlBackend {
    // MARK: - Status

    /// Status of every requested unit from ONE `systemctl show` call;
    /// units systemd does not know are `UnitStatus.notFound`.
    public func status(of units: [String]) async throws -> [String: UnitStatus] {
        var seen = Set<String>()
        let names = units.filter { seen.insert($0).inserted }
        guard !names.isEmpty else { return [:] }
        let output = try await show(properties: SystemctlShowParser.statusProperties, of: names)
        let statuses = SystemctlShowParser.blocks(output).map { block in
            var status = SystemctlShowParser.unitStatus(block)
            if let nanoseconds = SystemctlShowParser.cpuUsage(block) {
                status.cpuPercent = cpuRates.percent(unit: status.unit, nanoseconds: nanoseconds)
            } else {
                cpuRates.forget(status.unit)
            }
            return status
        }
        var byName: [String: UnitStatus] = [:]
        if statuses.count == names.count {
            for (name, status) in zip(names, statuses) { byName[name] = status }
        } else {
            let byId = Dictionary(statuses.map { ($0.unit, $0) }, uniquingKeysWith: { first, _ in first })
            for name in names { byName[name] = byId[name] ?? byId["\(name).service"] }
        }
        return Dictionary(uniqueKeysWithValues: names.map { name in
            guard var status = byName[name], status.isLoaded else { return (name, UnitStatus.notFound(name)) }
            status.unit = name
            return (name, status)
        })
    }

    /// The header of `systemctl status UNIT` (load, active, main PID, tasks, memory, CPU).
    public func statusReport(of unit: String) async throws -> SystemctlStatusReport {
        let result = try await systemctl(SystemctlArguments.status(of: unit))
        // `systemctl status` exits 3 for an inactive or failed unit and 4 for an unknown one.
        if result.exitCode == 4 || result.standardOutput.isEmpty {
            if case .error(let error) = classifier.classify(result, action: "status of \(unit)") { throw error }
        }
        guard let report = SystemctlStatusParser.parse(result.standardOutput) else {
            throw SiaxError(.notFound, "status of \(unit): systemctl printed no status")
        }
        return report
    }

    /// `systemctl show -p P1,P2… -- UNIT…`, with unix timestamps where systemd understands them.
    func show(properties: [String], of units: [String]) async throws -> String {
        if unixTimestamps.isSupported {
            let result = try await systemctl(SystemctlArguments.show(properties, of: units, unixTimestamps: true))
            if result.succeeded { return result.standardOutput }
            guard result.standardError.contains("timestamp") else { throw failure(result, action: "status") }
            logger.info("systemctl does not understand --timestamp=unix; reading timestamps as text")
            unixTimestamps.markUnsupported()
        }
        let result = try await systemctl(SystemctlArguments.show(properties, of: units))
        guard result.succeeded else { throw failure(result, action: "status") }
        return result.standardOutput
    }

    private func failure(_ result: CommandResult, action: String) -> SiaxError {
        switch classifier.classify(result, action: action) {
        case .error(let error): error
        case .jobFailed: SiaxError(.operationFailed, "\(action) failed: \(result.standardError)")
        }
    }
}
