import Foundation
import HTTPCore

/// The `panel` part of the `http` transport: the web panel's files, served
/// for GET and HEAD of the paths no route matched.
public struct PanelRoutes: APIRouteProvider {
    private let files: PanelFiles

    /// The panel shipped with the agent, or the files under `directory`; an error naming
    /// where it looked when the shipped files are missing.
    public init(directory: URL? = nil) throws {
        files = try directory.map { PanelFiles(directory: $0) } ?? PanelFiles.bundled()
    }

    public func register(on table: RouteTable) {
        table.addFallback(PanelMiddleware(panel: files))
    }
}
