import Kernel

/// `/api-docs`: the OpenAPI description rendered on the server as one page in
/// the panel's dark theme — Spanish by default, English with `?lang=en` —
/// with a link back to the panel, examples, and a "try it" form for the GET
/// routes that sends the request with the browser's session (`/js/api-docs.js`).
enum APIDocsPage {
    /// The page's languages.
    enum Language: String, CaseIterable, Sendable {
        case es, en
    }

    /// The page for `descriptors` in `language`.
    static func html(_ descriptors: [RouteDescriptor], language: Language = .es) -> String {
        let words = Words(language)
        let tags = orderedTags(descriptors)
        var html = """
        <!doctype html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="dark">
        <title>\(escape(words.title))</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <script type="module" src="/js/api-docs.js"></script>
        <style>
        *{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","DejaVu Sans",sans-serif;max-width:1000px;margin:0 auto;padding:1em 1em 3em;color:#e6e8ea;background:#151719}
        a{color:#7cb7ff}header{display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:center;justify-content:space-between;border-bottom:1px solid #3a3f46;padding-bottom:.8em}
        h1{margin:.2em 0;font-size:24px}h2{margin-top:2em;border-bottom:1px solid #3a3f46;text-transform:capitalize;font-size:18px}
        .nav a{margin-right:1em}.op{border:1px solid #3a3f46;border-radius:8px;margin:.8em 0;padding:.7em .9em;background:#1e2125;overflow-wrap:anywhere}
        .m{display:inline-block;min-width:4.5em;font:600 13px ui-monospace,monospace;padding:.1em .4em;border-radius:4px;color:#fff;text-align:center}
        .get{background:#1f6feb}.post{background:#2e8b57}.put{background:#b7791f}.delete{background:#c0392b}.ws{background:#6b46c1}
        code,.path,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:13px}.path{font-weight:600;margin-left:.5em}
        code{background:#262a2f;padding:0 .25em;border-radius:3px}.role{float:right;font-size:13px;color:#9aa1a9}
        table{border-collapse:collapse;margin:.4em 0}td{padding:.15em .6em;vertical-align:top;border-top:1px solid #2d3136}.muted{color:#9aa1a9}
        pre{background:#0d0f11;border:1px solid #3a3f46;border-radius:6px;padding:.6em .8em;overflow:auto;max-height:360px;white-space:pre-wrap;word-break:break-word}
        details{margin-top:.5em}summary{cursor:pointer;color:#7cb7ff}form.try{display:flex;flex-wrap:wrap;gap:.5em;align-items:flex-end;margin:.5em 0}
        form.try label{display:flex;flex-direction:column;font-size:13px;color:#9aa1a9}input{background:#121416;color:#e6e8ea;border:1px solid #3a3f46;border-radius:5px;padding:.3em .5em;font:inherit}
        button{background:#1f6feb;color:#fff;border:0;border-radius:5px;padding:.4em 1em;font:inherit;font-weight:600;cursor:pointer}
        </style></head><body>
        <header><div><h1>\(escape(words.title)) <small class="muted">\(escape(AgentKernel.version))</small></h1>
        <div class="nav"><a href="/apps" id="back-to-panel">\(escape(words.back))</a><a href="/openapi.json">/openapi.json</a></div></div>
        <div class="nav">\(languageLinks(language))</div></header>
        <p>\(words.intro)</p>
        """
        for tag in tags {
            html += "<h2>\(escape(language == .es ? SpanishDocs.tag(tag) : tag))</h2>\n"
            for route in descriptors where route.doc.tag == tag {
                html += operation(route, words: words)
            }
        }
        html += "</body></html>\n"
        return html
    }

    /// Links to the other language.
    private static func languageLinks(_ current: Language) -> String {
        Language.allCases.map { language in
            let name = language == .es ? "Español" : "English"
            return language == current
                ? "<strong>\(name)</strong>"
                : "<a href=\"/api-docs?lang=\(language.rawValue)\" hreflang=\"\(language.rawValue)\">\(name)</a>"
        }.joined(separator: " · ")
    }

    private static func operation(_ route: RouteDescriptor, words: Words) -> String {
        let doc = route.doc
        let method = route.webSocket ? "WS" : route.method.rawValue
        let css = route.webSocket ? "ws" : route.method.rawValue.lowercased()
        let access: String
        switch route.access {
        case .open: access = words.open
        case .role(let role): access = "\(words.role): \(words.roleName(role))"
        case .signed: access = words.signed
        }
        let id = OpenAPIDocument.operationID(route)
        var html = "<div class=\"op\" id=\"\(escape(id))\">"
        html += "<span class=\"m \(css)\">\(method)</span><span class=\"path\">\(escape(route.path))</span>"
        html += "<span class=\"role\">\(escape(access))</span><div>\(escape(words.text(doc.summary)))</div>"
        if let description = doc.description { html += "<div class=\"muted\">\(code(escape(words.text(description))))</div>" }
        if !doc.parameters.isEmpty {
            html += "<table>"
            for parameter in doc.parameters {
                html += "<tr><td><code>\(escape(parameter.name))</code></td><td class=\"muted\">\(words.location(parameter.location))</td><td>\(code(escape(words.text(parameter.description))))</td></tr>"
            }
            html += "</table>"
        }
        if let body = doc.requestBody { html += "<div>\(words.body): <code>\(escape(schemaName(body)))</code></div>" }
        if let example = examples[id] {
            html += "<details><summary>\(words.example)</summary><pre>\(escape(example))</pre></details>"
        }
        let answer = doc.response.map { " <code>\(escape(schemaName($0)))</code>" } ?? ""
        html += "<div>\(doc.status)\(answer)"
        if !doc.errors.isEmpty { html += " <span class=\"muted\">· \(words.errors) \(doc.errors.map(String.init).joined(separator: ", "))</span>" }
        html += "</div>"
        if let action = route.auditAction { html += "<div class=\"muted\">\(words.audited) <code>\(escape(action))</code></div>" }
        if route.method == .get, !route.webSocket, route.access != .signed {
            html += tryForm(route, words: words)
        }
        return html + "</div>\n"
    }

    /// A "try it" form: one input per parameter; `/js/api-docs.js` sends it with the session and shows the answer.
    private static func tryForm(_ route: RouteDescriptor, words: Words) -> String {
        var html = "<details class=\"try-it\"><summary>\(words.tryIt)</summary>"
        html += "<form class=\"try\" data-path=\"\(escape(route.path))\" data-error=\"\(escape(words.tryError))\">"
        for parameter in route.doc.parameters {
            html += "<label>\(escape(parameter.name))<input name=\"\(escape(parameter.name))\" data-in=\"\(escape(parameter.location))\"\(parameter.required ? " required" : "")></label>"
        }
        html += "<button type=\"submit\">\(words.send)</button></form><pre class=\"try-result\" hidden></pre></details>"
        return html
    }

    /// Request bodies to copy, by operation id.
    static let examples: [String: String] = {
        let spec = """
        {
          "name": "tienda-api",
          "runtime": "python-fastapi",
          "script_path": "/srv/tienda/main.py",
          "working_dir": "/srv/tienda",
          "user": "tienda",
          "args": ["--workers", "2"],
          "environment": {"PORT": "8000"},
          "port": 8000,
          "restart": "on-failure",
          "enabled": true,
          "limits": {"memory_max": "512M", "cpu_quota": "50%"}
        }
        """
        return [
            "post_api_apps": spec, "post_api_apps_register": spec, "put_api_apps_name": spec,
            "post_api_session": #"{"token": "<token de administrador, operador o lector>"}"#,
            "post_api_tokens": #"{"name": "despliegue-ci", "role": "operator"}"#,
        ]
    }()

    /// Text between backticks as <code> (after escaping).
    private static func code(_ escaped: String) -> String {
        var out = ""
        var open = false
        for character in escaped {
            if character == "`" {
                out += open ? "</code>" : "<code>"
                open.toggle()
            } else {
                out.append(character)
            }
        }
        return open ? out + "</code>" : out
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

    /// The page's own words in one language.
    struct Words {
        let language: Language

        init(_ language: Language) { self.language = language }

        private var es: Bool { language == .es }
        var title: String { es ? "API de SIAX Agent" : "SIAX Agent API" }
        var back: String { es ? "← Volver al panel" : "← Back to the panel" }
        var intro: String {
            es
                ? "Autentíquese con <code>Authorization: Bearer &lt;token&gt;</code> o, en el navegador, con la cookie de sesión de <code>POST /api/session</code> (los cambios exigen entonces el <code>Origin</code> del propio agente). Todo error es <code>{\"error\":{\"code\",\"message\",\"field\"}}</code>: <code>code</code> es estable, <code>field</code> nombra el dato erróneo. «Probar» envía la petición GET con la sesión de este navegador."
                : "Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>, or in a browser with the session cookie from <code>POST /api/session</code> (state changes then need the agent's own <code>Origin</code>). Every error is <code>{\"error\":{\"code\",\"message\",\"field\"}}</code>: <code>code</code> is stable, <code>field</code> names the input at fault. \"Try it\" sends the GET request with this browser's session."
        }
        var open: String { es ? "sin autenticación" : "no authentication" }
        var role: String { es ? "rol" : "role" }
        var signed: String { es ? "firmada (Standard Webhooks)" : "signed (Standard Webhooks)" }
        var body: String { es ? "Cuerpo" : "Body" }
        var example: String { es ? "Ejemplo" : "Example" }
        var errors: String { es ? "errores" : "errors" }
        var audited: String { es ? "Queda en la auditoría como" : "Audited as" }
        var tryIt: String { es ? "Probar" : "Try it" }
        var send: String { es ? "Enviar" : "Send" }
        var tryError: String { es ? "No se pudo enviar la petición" : "The request could not be sent" }

        func roleName(_ role: Role) -> String {
            guard es else { return role.rawValue }
            switch role {
            case .viewer: return "lector"
            case .operator: return "operador"
            case .admin: return "administrador"
            }
        }

        func location(_ location: String) -> String {
            guard es else { return location }
            return location == "path" ? "ruta" : location == "query" ? "consulta" : location
        }

        /// A route text in this language (Spanish from `SpanishDocs`, the English itself otherwise).
        func text(_ english: String) -> String {
            es ? SpanishDocs.text(english) ?? english : english
        }
    }
}
