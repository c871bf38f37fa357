/// How a managed unit file on disk differs from what the agent wrote.
public enum UnitDrift: String, Sendable, Codable, Equatable {
    /// The file was edited by hand: it is not the text the agent wrote.
    case modified
    /// The file was deleted by hand.
    case missing

    /// For people: what happened and how to put it right.
    public func detail(path: String, app: String) -> String {
        switch self {
        case .modified: "the unit file \(path) was edited outside the agent; it is left as it is (POST /api/apps/\(app)/unit writes it again from the registry)"
        case .missing: "the unit file \(path) was deleted outside the agent (POST /api/apps/\(app)/unit writes it again from the registry)"
        }
    }
}

/// What to do with an app's unit file, from the text the agent recorded when
/// it last wrote it, the text on disk and the text the registry renders now.
enum UnitFileCheck: Equatable {
    /// The file is what the agent wrote and would write.
    case upToDate
    /// The agent writes it (again): a registration or deletion was cut short,
    /// or the agent's own rendering changed (an upgrade), and nobody edited the file.
    case rewrite
    /// Somebody changed the file: report it, do not overwrite it.
    case drift(UnitDrift)

    /// - Parameters:
    ///   - recorded: what the agent recorded writing; nil while a write is in flight (or for a registry older than the record).
    ///   - onDisk: the file's text, nil when there is none.
    ///   - expected: what the registry renders now.
    static func verdict(recorded: String?, onDisk: String?, expected: String) -> UnitFileCheck {
        guard let recorded else { return onDisk == expected ? .upToDate : .rewrite }
        guard let onDisk else { return .drift(.missing) }
        guard onDisk == recorded else { return .drift(.modified) }
        return recorded == expected ? .upToDate : .rewrite
    }
}
