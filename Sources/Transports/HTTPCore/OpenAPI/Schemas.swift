/// The JSON schemas of docs/api.md's objects, for the OpenAPI document's `components`.
package enum Schemas {
    package static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]

    static func nullable(_ type: String) -> JSONValue { ["type": [.string(type), "null"]] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return .object(schema)
    }
    static func enumeration(_ values: [String]) -> JSONValue { ["type": "string", "enum": .array(values.map { .string($0) })] }

    static let states = ["running", "stopped", "starting", "stopping", "restarting", "crashed", "failed", "zombie", "unknown"]
    static let levels = ["emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"]

    /// The spec fields an operator sends (register, update).
    static let specProperties: [String: JSONValue] = [
        "name": ["type": "string", "pattern": "^[a-z][a-z0-9_-]{0,62}$"],
        "app_name": ["type": "string", "description": "accepted in place of name"],
        "runtime": ["type": "string", "description": "a runtime id from GET /api/runtimes"],
        "script_path": string, "working_dir": string, "user": string,
        "args": array(string),
        "environment": ["type": "object", "additionalProperties": string],
        "port": ["type": "integer", "minimum": 1, "maximum": 65535],
        "restart": enumeration(["no", "on-failure", "always"]),
        "enabled": boolean,
        "limits": object(["memory_max": string, "cpu_quota": string]),
        "log_rate_limit": object(["interval_s": integer, "burst": integer], required: ["interval_s", "burst"]),
        "health_check": object([
            "type": enumeration(["http", "tcp"]), "port": integer, "path": string, "interval_s": number,
            "timeout_s": number, "failure_threshold": integer, "restart_on_failure": boolean,
        ], required: ["type"]),
    ]

    /// `components.schemas`.
    static let components: [String: JSONValue] = [
        "Error": object([
            "error": object([
                "code": enumeration([
                    "bad_request", "validation_failed", "unauthorized", "forbidden", "not_found", "conflict",
                    "rate_limited", "payload_too_large", "permission_denied", "backend_unavailable",
                    "operation_failed", "timeout", "internal",
                ]),
                "message": string, "field": string,
                "details": array(object(["field": string, "message": string])),
            ], required: ["code", "message"]),
        ], required: ["error"]),
        "AppSpec": .object([
            "type": "object", "additionalProperties": false, "properties": .object(specProperties),
            "required": ["runtime", "script_path", "working_dir", "user"],
        ]),
        "AppStatus": object([
            "state": enumeration(states), "active_state": string, "sub_state": string, "unit_file_state": string,
            "pid": nullable("integer"), "cpu_percent": nullable("number"), "memory_bytes": nullable("integer"),
            "uptime_seconds": nullable("integer"), "restarts": integer,
            "since": ["type": ["string", "null"], "format": "date-time"], "result": nullable("string"),
            "reason": nullable("string"), "drift": ["type": ["string", "null"], "enum": ["modified", "missing", .null]],
        ], required: ["state", "active_state", "sub_state", "unit_file_state", "pid", "cpu_percent", "memory_bytes",
                      "uptime_seconds", "restarts", "since", "result", "reason", "drift"]),
        "App": object(specProperties.filter { $0.key != "app_name" }.merging([
            "unit": string, "status": .ref("AppStatus"), "created_at": dateTime, "updated_at": dateTime,
        ], uniquingKeysWith: { a, _ in a }), required: ["name", "runtime", "script_path", "working_dir", "user", "unit", "status"]),
        "AppList": object(["apps": array(.ref("App"))], required: ["apps"]),
        "Deleted": object(["deleted": string], required: ["deleted"]),
        "LogEntry": object([
            "timestamp": string, "realtime_usec": integer, "priority": integer, "level": enumeration(levels),
            "message": string, "pid": integer, "cursor": string, "unit": string,
        ], required: ["timestamp", "realtime_usec", "priority", "level", "message", "cursor", "unit"]),
        "SystemLogEntry": object([
            "timestamp": string, "realtime_usec": integer, "priority": integer, "level": enumeration(levels),
            "message": string, "pid": nullable("integer"), "cursor": string, "unit": string,
            "source": enumeration(["agent", "systemd"]), "app": nullable("string"),
            "event": ["oneOf": [.ref("Event"), ["type": "null"]]],
        ], required: ["timestamp", "realtime_usec", "priority", "level", "message", "cursor", "unit", "source"]),
        "SystemLogList": object(["entries": array(.ref("SystemLogEntry"))], required: ["entries"]),
        "LogPage": object(["entries": array(.ref("LogEntry")), "cursor": nullable("string")], required: ["entries"]),
        "Gap": object(["type": enumeration(["gap"]), "dropped": integer], required: ["type", "dropped"]),
        "JournalGap": object(["type": enumeration(["journal_gap"]), "after": string], required: ["type", "after"]),
        "Event": object([
            "type": enumeration(["state", "operation", "alert"]), "app": string, "at": dateTime,
            "state": enumeration(states), "previous": enumeration(states), "operation": string, "result": string,
            "actor": string, "alert": string, "detail": string,
        ], required: ["type", "app", "at"]),
        "EventList": object(["events": array(.ref("Event"))], required: ["events"]),
        "AuditEntry": object([
            "at": dateTime, "actor": string, "address": string, "action": string, "app": string,
            "result": string, "status": integer, "detail": string, "via": enumeration(["api", "webhook"]),
        ], required: ["at", "actor", "action", "result", "status", "via"]),
        "AuditList": object(["entries": array(.ref("AuditEntry"))], required: ["entries"]),
        "Sample": object(["at": dateTime, "cpu_percent": nullable("number"), "memory_bytes": nullable("integer"), "state": enumeration(states)]),
        "AppMetrics": object(["app": string, "samples": array(.ref("Sample"))], required: ["app", "samples"]),
        "Health": object([
            "status": enumeration(["ok"]), "version": string, "backend": string, "sandbox": boolean,
            "privileges": object(["ok": boolean, "detail": string], required: ["ok", "detail"]),
        ], required: ["status", "version", "backend", "sandbox", "privileges"]),
        "RuntimeList": object(["runtimes": array(object([
            "id": string, "name": string, "interpreter": nullable("string"), "available": boolean, "version": nullable("string"),
        ], required: ["id", "name", "available"]))], required: ["runtimes"]),
        "ProcessList": object(["processes": array(object([
            "pid": integer, "ppid": integer, "user": nullable("string"), "runtime": nullable("string"), "cmdline": string,
            "cwd": nullable("string"), "cpu_percent": nullable("number"), "memory_bytes": nullable("integer"),
            "started_at": ["type": ["string", "null"], "format": "date-time"], "unit": nullable("string"), "app": nullable("string"),
            "argv": array(string), "ports": array(integer), "suggested_name": nullable("string"),
        ]))], required: ["processes"]),
        "ProcessEnvironment": object([
            "pid": integer, "environment": ["type": "object", "additionalProperties": string],
        ], required: ["pid", "environment"]),
        "Token": object(["id": string, "name": string, "role": enumeration(["viewer", "operator", "admin"]), "created_at": dateTime],
                        required: ["id", "name", "role"]),
        "TokenList": object(["tokens": array(.ref("Token"))], required: ["tokens"]),
        "NewToken": .object([
            "type": "object", "additionalProperties": false, "required": ["name", "role"],
            "properties": ["name": string, "role": enumeration(["viewer", "operator", "admin"])],
        ]),
        "CreatedToken": object(["id": string, "name": string, "role": string, "created_at": dateTime,
                                "token": ["type": "string", "description": "shown once"]],
                               required: ["id", "name", "role", "token"]),
        "Login": .object([
            "type": "object", "additionalProperties": false, "required": ["token"], "properties": ["token": string],
        ]),
        "Session": object(["name": string, "role": string, "method": enumeration(["bearer", "cookie"]), "expires_at": dateTime],
                          required: ["name", "role"]),
        "WebhookCommand": .object([
            "type": "object", "additionalProperties": false, "required": ["action", "app_name"],
            "properties": ["action": enumeration(["start", "stop", "restart", "status"]), "app_name": string],
        ]),
    ]
}
