import Foundation

/// A registered app: the operator's spec plus what the agent records about it.
public struct ManagedApp: Sendable, Equatable, Codable {
    /// The spec the unit was generated from.
    public var spec: AppSpec
    /// When the app was registered.
    public var createdAt: Date
    /// When the spec last changed.
    public var updatedAt: Date
    /// The unit file's text as the agent last wrote it; nil while a write is
    /// in flight. A file that differs from it was changed by hand (drift).
    public var unitText: String?

    public init(spec: AppSpec, createdAt: Date, updatedAt: Date, unitText: String? = nil) {
        self.spec = spec
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.unitText = unitText
    }

    /// The app's name.
    public var name: String { spec.name }
    /// The app's unit name.
    public var unitName: String { spec.unitName }

    enum CodingKeys: String, CodingKey {
        case spec
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case unitText = "unit_text"
    }
}
