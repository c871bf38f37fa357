import Foundation
import HTTPTypes
import HTTPCore
import Hummingbird
import NIOCore

/// The web panel's static files (`Sources/Transports/Panel/`, copied into the
/// WebPanel target's resources), loaded into memory at start-up and served without
/// authentication: `/` is `index.html`, every other file at its own path.
/// The panel's pages (`/apps`, `/scan`, …, see `isPagePath`) are `index.html`
/// too when a browser asks for HTML, so a typed or reloaded address loads the
/// panel, which then routes by path. The login page is part of the panel; its
/// API calls authenticate.
struct PanelFiles: Sendable {
    struct File: Sendable {
        var body: ByteBuffer
        var contentType: String
        var etag: String
    }

    private let files: [String: File]

    /// The files under `directory`, by URL path.
    init(directory: URL?) {
        var files: [String: File] = [:]
        if let directory, let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) {
            let base = directory.standardizedFileURL.path
            for case let url as URL in enumerator {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                      let data = try? Data(contentsOf: url) else { continue }
                let path = String(url.standardizedFileURL.path.dropFirst(base.count))
                let digest = SecretDigest.hex(Array(SecretDigest.digest(String(decoding: data, as: UTF8.self)).prefix(8)))
                files[path] = File(body: ByteBuffer(bytes: data), contentType: Self.contentType(path), etag: "\"\(digest)\"")
            }
        }
        if let index = files["/index.html"] { files["/"] = index }
        self.files = files
    }

    /// The panel shipped with the agent (see `PanelLocation`); an error naming
    /// where it looked when its files are missing.
    static func bundled() throws -> PanelFiles {
        PanelFiles(directory: try PanelLocation.directory())
    }

    /// Paths served, sorted.
    var paths: [String] { files.keys.sorted() }

    /// The file at a URL path.
    func file(_ path: String) -> File? { files[path] }

    /// The file for a GET of `path`: a static file, or `index.html` for one of
    /// the panel's pages when the client accepts HTML and is not asking for a
    /// WebSocket upgrade (so `WS /logs/{name}` and the API keep their routes).
    func file(_ path: String, acceptsHTML: Bool, upgrade: Bool) -> File? {
        if let file = files[path] { return file }
        guard acceptsHTML, !upgrade, Self.isPagePath(path) else { return nil }
        return files["/index.html"]
    }

    /// Top-level pages of the panel.
    static let pages: Set<String> = ["apps", "register", "scan", "select", "logs", "events", "tokens"]

    /// Whether `path` is a page of the panel: `/apps`, `/apps/{name}`,
    /// `/apps/{name}/logs`, `/apps/{name}/edit` or one of `pages` (a trailing
    /// slash allowed). `/logs/{name}` is not: it is the log stream's route.
    static func isPagePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let segments = Array(parts.last == "" ? parts.dropLast() : parts)
        guard let first = segments.first, pages.contains(String(first)), !segments.contains("") else { return false }
        switch segments.count {
        case 1: return true
        case 2: return first == "apps"
        case 3: return first == "apps" && (segments[2] == "logs" || segments[2] == "edit")
        default: return false
        }
    }

    /// Whether an `Accept` header asks for HTML (as a browser's navigation does).
    static func acceptsHTML(_ accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.lowercased().contains("text/html")
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json", "map": return "application/json; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "jpg", "jpeg": return "image/jpeg"
        case "woff2": return "font/woff2"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}

/// Serves `PanelFiles` for GET and HEAD before routing; everything else goes on to the routes.
struct PanelMiddleware<Context: RequestContext>: RouterMiddleware {
    let panel: PanelFiles

    /// Headers that keep the panel from being framed, sniffed or talking to other origins.
    static var securityHeaders: HTTPFields {
        [
            .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            .cacheControl: "no-cache",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head,
              let file = panel.file(request.uri.path, acceptsHTML: PanelFiles.acceptsHTML(request.headers[.accept]),
                                    upgrade: request.headers[.upgrade] != nil) else {
            return try await next(request, context)
        }
        var headers = Self.securityHeaders
        headers[.contentType] = file.contentType
        headers[.eTag] = file.etag
        if request.headers[.ifNoneMatch] == file.etag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.body.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: file.body))
    }
}
