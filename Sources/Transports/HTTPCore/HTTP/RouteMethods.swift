import Synchronization

/// The methods each route template answers, so that a known path asked with
/// another method gets 405 and `Allow` instead of a 404.
final class RouteMethods: Sendable {
    private let methods = Mutex<[String: Set<String>]>([:])

    /// Records that `template` (e.g. `/api/apps/{name}`) answers `method`.
    func register(_ method: String, _ template: String) {
        methods.withLock { _ = $0[template, default: []].insert(method) }
    }

    /// The methods of the most specific templates `path` matches (fewest parameters, as the
    /// router prefers literal segments), sorted; empty for an unknown path.
    func allowed(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let matching = methods.withLock { table in table.filter { Self.matches(template: $0.key, segments: segments) } }
        guard let fewest = matching.keys.map(Self.parameterCount).min() else { return [] }
        return matching.filter { Self.parameterCount($0.key) == fewest }.values.reduce(into: Set<String>()) { $0.formUnion($1) }.sorted()
    }

    private static func parameterCount(_ template: String) -> Int {
        template.split(separator: "/").filter { $0.hasPrefix("{") }.count
    }

    /// A `{parameter}` segment matches any non-empty segment; others must be equal.
    private static func matches(template: String, segments: [Substring]) -> Bool {
        let parts = template.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == segments.count else { return false }
        return zip(parts, segments).allSatisfy { part, segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? !segment.isEmpty : part == segment
        }
    }
}
