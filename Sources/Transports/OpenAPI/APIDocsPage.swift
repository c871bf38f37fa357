import Kernel

/// `/api-docs`: the OpenAPI description rendered on the server as one
/// self-contained HTML page (no scripts, no external assets).
enum APIDocsPage {
    /// The page for `descriptors`.
    static func html(_ descriptors: [RouteDescriptor]) -> String {
        let tags = orderedTags(descriptors)
        var html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>SIAX Agent API</title>
        <style>
        body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1d232a;background:#fbfbfc}
        h1{margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #d6dae0;text-transform:capitalize}
        .op{border:1px solid #d6dae0;border-radius:6px;margin:.8em 0;padding:.6em .9em;background:#fff}
        .m{display:inline-block;min-width:4.5em;font:600 13px monospace;padding:.1em .4em;border-radius:4px;color:#fff;text-align:center}
        .get{background:#2f6fb3}.post{background:#2e8b57}.put{background:#b7791f}.delete{background:#c0392b}.ws{background:#6b46c1}
        code,.path{font-family:ui-monospace,monospace}.path{font-weight:600;margin-left:.5em}
        .role{float:right;font-size:13px;color:#5b6670}table{border-collapse:collapse;margin:.4em 0}
        td{padding:.1em .6em;vertical-align:top;border-top:1px solid #eef0f3}.muted{color:#5b6670}
        </style></head><body>
        <h1>SIAX Agent API <small class="muted">\(escape(AgentKernel.version))</small></h1>
        <p>Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>, or in a browser with the session cookie from
        <code>POST /api/session</code> (state changes then need the agent's own <code>Origin</code>).
        Every error is <code>{"error":{"code","message","field"}}</code>. The machine-readable description is
        <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
        """
        for tag in tags {
            html += "<h2>\(escape(tag))</h2>\n"
            for route in descriptors where route.doc.tag == tag {
                html += operation(route)
            }
        }
        html += "</body></html>\n"
        return html
    }

    private static func operation(_ route: RouteDescriptor) -> String {
        let doc = route.doc
        let method = route.webSocket ? "WS" : route.method.rawValue
        let css = route.webSocket ? "ws" : route.method.rawValue.lowercased()
        let access: String
        switch route.access {
        case .open: access = "no authentication"
        case .role(let role): access = "role: \(role.rawValue)"
        case .signed: access = "signed (Standard Webhooks)"
        }
        var html = "<div class=\"op\" id=\"\(escape(OpenAPIDocument.operationID(route)))\">"
        html += "<span class=\"m \(css)\">\(method)</span><span class=\"path\">\(escape(route.path))</span>"
        html += "<span class=\"role\">\(escape(access))</span><div>\(escape(doc.summary))</div>"
        if let description = doc.description { html += "<div class=\"muted\">\(escape(description))</div>" }
        if !doc.parameters.isEmpty {
            html += "<table>"
            for parameter in doc.parameters {
                html += "<tr><td><code>\(escape(parameter.name))</code></td><td class=\"muted\">\(parameter.location)</td><td>\(escape(parameter.description))</td></tr>"
            }
            html += "</table>"
        }
        if let body = doc.requestBody { html += "<div>Body: <code>\(escape(schemaName(body)))</code></div>" }
        let answer = doc.response.map { " <code>\(escape(schemaName($0)))</code>" } ?? ""
        html += "<div>\(doc.status)\(answer)"
        if !doc.errors.isEmpty { html += " <span class=\"muted\">· errors \(doc.errors.map(String.init).joined(separator: ", "))</span>" }
        html += "</div>"
        if let action = route.auditAction { html += "<div class=\"muted\">Audited as <code>\(escape(action))</code></div>" }
        return html + "</div>\n"
    }

    private static func orderedTags(_ descriptors: [RouteDescriptor]) -> [String] {
        var seen: [String] = []
        for route in descriptors where !seen.contains(route.doc.tag) { seen.append(route.doc.tag) }
        return seen
    }

    private static func schemaName(_ schema: JSONValue) -> String {
        if let ref = schema["$ref"]?.stringValue { return String(ref.split(separator: "/").last ?? "") }
        return schema["type"]?.stringValue ?? "value"
    }

    /// HTML-escapes text.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
