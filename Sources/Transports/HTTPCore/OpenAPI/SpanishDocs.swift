/// The Spanish words of `/api-docs` (its default language): each English text
/// of a route's description (summary, description, parameter) and each tag,
/// translated. A test checks every registered route's texts are here.
enum SpanishDocs {
    /// The Spanish of an English route text, or nil when it has none.
    static func text(_ english: String) -> String? { texts[english] }

    /// The Spanish name of a tag.
    static func tag(_ tag: String) -> String { tags[tag] ?? tag }

    static let tags: [String: String] = [
        "agent": "agente", "apps": "aplicaciones", "docs": "documentación", "logs": "registros",
        "operations": "operaciones", "session": "sesión", "tokens": "tokens", "webhook": "webhook", "metrics": "métricas",
    ]

    static let texts: [String: String] = [
        // Summaries
        "Signed command (Standard Webhooks)": "Orden firmada (Standard Webhooks)",
        "The agent's log and systemd's messages about the managed units": "El registro del agente y los mensajes de systemd sobre las unidades gestionadas",
        "The system log, live (WebSocket)": "El registro del sistema, en directo (WebSocket)",
        "This API's OpenAPI 3.1 description": "La descripción OpenAPI 3.1 de esta API",
        "This API's description for people": "La descripción de esta API para personas",
        "Register an app": "Registrar una aplicación",
        "Replace an app's spec": "Sustituir la especificación de una aplicación",
        "Delete an app": "Eliminar una aplicación",
        "Start an app": "Iniciar una aplicación",
        "Stop an app": "Detener una aplicación",
        "Restart an app": "Reiniciar una aplicación",
        "Enable an app": "Activar una aplicación en el arranque",
        "Disable an app": "Desactivar una aplicación en el arranque",
        "List apps with their status": "Lista de aplicaciones con su estado",
        "One app": "Una aplicación",
        "One app's status object": "El objeto de estado de una aplicación",
        "The generated unit file": "El archivo de unidad generado",
        "Resource history (CPU, memory, state) for sparklines": "Historial de recursos (CPU, memoria, estado) para las minigráficas",
        "Log history, newest last": "Historial de registros, el más reciente al final",
        "Create a token (shown once)": "Crear un token (se muestra una sola vez)",
        "List tokens (never the tokens themselves)": "Lista de tokens (nunca los tokens en sí)",
        "Delete a token": "Eliminar un token",
        "Log in: a token for an HttpOnly, SameSite=Strict session cookie": "Iniciar sesión: un token a cambio de una cookie de sesión HttpOnly y SameSite=Strict",
        "Who is asking: the token's name and role": "Quién pregunta: el nombre y el rol del token",
        "Log out: end the session and clear its cookie": "Cerrar sesión: termina la sesión y borra su cookie",
        "Health, version, backend and privileges": "Salud, versión, backend y permisos",
        "Runtime definitions and their interpreters": "Definiciones de entornos de ejecución y sus intérpretes",
        "Node.js and Python processes on the host": "Procesos Node.js y Python de la máquina",
        "Recent events: state changes, operations, alerts": "Eventos recientes: cambios de estado, operaciones, alertas",
        "Who did what, when, from where, with what result": "Quién hizo qué, cuándo, desde dónde y con qué resultado",
        "Prometheus metrics": "Métricas de Prometheus",
        "Live log stream (WebSocket)": "Registros en directo (WebSocket)",
        "Live events (WebSocket)": "Eventos en directo (WebSocket)",
        "The environment of a scanned process, on request": "El entorno de un proceso encontrado, a petición",
        "Write an app's unit file again": "Volver a escribir el archivo de unidad de una aplicación",
        // Descriptions
        "Replaces a unit file that was edited or deleted outside the agent (the status's `drift`) with the one the registry renders, and reloads systemd. The agent never does this by itself.":
            "Sustituye un archivo de unidad que se modificó o borró fuera del agente (el `drift` del estado) por el que genera el registro, y recarga systemd. El agente nunca lo hace por su cuenta.",
        "Reads `/proc/PID/environ` of a Node.js or Python process the scan finds, for adopting it: its values are often secrets, so only an admin may, each read is audited, and the panel copies none unless the operator picks it. 404 when the scan does not find that process.":
            "Lee `/proc/PID/environ` de un proceso Node.js o Python que encuentra la búsqueda, para adoptarlo: sus valores suelen ser secretos, así que solo puede hacerlo un administrador, cada lectura queda en la auditoría y el panel no copia ninguno salvo que el operador lo elija. 404 si la búsqueda no encuentra ese proceso.",
        "Headers `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256>` over `{id}.{timestamp}.{body}`. 401 for a bad or missing signature or a timestamp more than the tolerance away; 409 for a replayed id; 400 for an unknown action.":
            "Cabeceras `webhook-id`, `webhook-timestamp` (segundos Unix) y `webhook-signature: v1,<HMAC-SHA256 en base64>` sobre `{id}.{timestamp}.{body}`. 401 si la firma falta o no es válida o si la hora se aleja más de la tolerancia; 409 si el id se repite; 400 si la acción es desconocida.",
        "Lines the agent logged (`source` `agent`) and the managed units' state changes and alerts with their reasons (`source` `systemd`), oldest first.":
            "Líneas que escribió el agente (`source` `agent`) y los cambios de estado y alertas de las unidades gestionadas con su motivo (`source` `systemd`), de la más antigua a la más reciente.",
        "Rewrites the unit. A running app keeps the old one until restarted, unless `restart=true`.":
            "Reescribe la unidad. Una aplicación en marcha sigue con la anterior hasta que se reinicie, salvo con `restart=true`.",
        "Sends the last `lines` entries, then follows: one LogEntry per text message. With `cursor` (a LogEntry's `cursor`, e.g. the last one received before a disconnection or an agent restart) it sends the entries after that one instead, then follows: nothing repeated, nothing skipped; when the journal no longer holds that entry (rotated away and vacuumed) it first sends `{\"type\":\"journal_gap\",\"after\":CURSOR}`: entries written after it may be gone. A slow client's oldest entries are dropped and it receives `{\"type\":\"gap\",\"dropped\":N}`. A client sends nothing but control frames: more than a few messages close the stream (1008), a frame over 64 KiB closes it (1009). At most `max_log_connections_per_app` connections per app; further upgrades get 429.":
            "Envía las últimas `lines` entradas y después las nuevas: un LogEntry por mensaje de texto. Con `cursor` (el `cursor` de un LogEntry, p. ej. el último recibido antes de una desconexión o de un reinicio del agente) envía en su lugar las entradas posteriores a esa y después las nuevas: nada repetido, nada omitido; si el journal ya no guarda esa entrada (rotada y purgada) envía antes `{\"type\":\"journal_gap\",\"after\":CURSOR}`: pueden faltar entradas escritas después de ella. A un cliente lento se le descartan las más antiguas y recibe `{\"type\":\"gap\",\"dropped\":N}`. El cliente solo envía tramas de control: más de unos pocos mensajes cierran el flujo (1008), una trama de más de 64 KiB lo cierra (1009). Como mucho `max_log_connections_per_app` conexiones por aplicación; las siguientes reciben 429.",
        "State changes, operations and alerts as they happen, one Event per text message; a slow client gets `{\"type\":\"gap\",\"dropped\":N}`.":
            "Cambios de estado, operaciones y alertas en el momento en que ocurren, un Event por mensaje de texto; un cliente lento recibe `{\"type\":\"gap\",\"dropped\":N}`.",
        "Stops and disables it, removes its unit, reloads systemd and forgets it.":
            "La detiene y desactiva, borra su unidad, recarga systemd y la olvida.",
        "Text exposition format 0.0.4: per app `siax_app_state`, `siax_app_cpu_percent`, `siax_app_memory_bytes`, `siax_app_restarts`, `siax_app_healthy`; the agent's `process_*`, API requests and latencies by route template, operations, alerts, WebSocket clients, webhook verifications and cloud reports. App series are left out while the backend cannot be asked.":
            "Formato de texto 0.0.4: por aplicación `siax_app_state`, `siax_app_cpu_percent`, `siax_app_memory_bytes`, `siax_app_restarts`, `siax_app_healthy`; del agente `process_*`, peticiones a la API y latencias por plantilla de ruta, operaciones, alertas, clientes WebSocket, verificaciones de webhooks e informes a la nube. Las series de aplicaciones se omiten mientras no se puede consultar al backend.",
        "The last `lines` entries of `GET /api/system/logs`, then each new one, one SystemLogEntry per text message; a slow client gets `{\"type\":\"gap\",\"dropped\":N}`.":
            "Las últimas `lines` entradas de `GET /api/system/logs` y después cada nueva, un SystemLogEntry por mensaje de texto; un cliente lento recibe `{\"type\":\"gap\",\"dropped\":N}`.",
        "The monitor's samples, oldest first (about an hour at its interval).":
            "Las muestras del monitor, de la más antigua a la más reciente (alrededor de una hora a su intervalo).",
        "Validates the spec, writes the unit and reloads systemd; does not start the app.":
            "Valida la especificación, escribe la unidad y recarga systemd; no inicia la aplicación.",
        "Validates the spec, writes the unit and reloads systemd; does not start the app (same as POST /api/apps/register).":
            "Valida la especificación, escribe la unidad y recarga systemd; no inicia la aplicación (igual que POST /api/apps/register).",
        "Waits for systemd's job; at most one operation per app per second (429 with Retry-After).":
            "Espera al trabajo de systemd; como mucho una operación por aplicación y segundo (429 con Retry-After).",
        "`unit` is the systemd unit owning each process (from its cgroup); `app` the managed app; `ports` the TCP ports it listens on; `suggested_name` an app name from its `package.json` / `pyproject.toml` or its script. 503 when no scanner is installed.":
            "`unit` es la unidad de systemd a la que pertenece cada proceso (según su cgroup); `app`, la aplicación gestionada; `ports`, los puertos TCP en los que escucha; `suggested_name`, un nombre de aplicación sacado de su `package.json` / `pyproject.toml` o de su script. 503 si no hay buscador de procesos.",
        // Parameters
        "the app's name (`shop-api` or `shop-api.service`)": "el nombre de la aplicación (`shop-api` o `shop-api.service`)",
        "entries of history (0–2000, default 200)": "entradas de historial (0–2000, 200 por defecto)",
        "only processes of this runtime id (e.g. nodejs)": "solo los procesos de este entorno (p. ej. nodejs)",
        "entries of history first (0–10000, default 100; with `cursor`, default 10000)": "entradas de historial primero (0–10000, 100 por defecto; con `cursor`, 10000 por defecto)",
        "resume after this entry: the `cursor` of the last LogEntry received": "reanudar tras esta entrada: el `cursor` del último LogEntry recibido",
        "the token's id": "el id del token",
        "the process's PID, from GET /api/scan": "el PID del proceso, de GET /api/scan",
        "only this syslog priority (0–7 or a level name) or more urgent": "solo esta prioridad syslog (0–7 o el nombre de un nivel) o más urgentes",
        "only entries whose message contains this text": "solo las entradas cuyo mensaje contiene este texto",
        "restart the app if it is active (true/false)": "reiniciar la aplicación si está activa (true/false)",
        "most events (1–1000, default 100)": "como mucho estos eventos (1–1000, 100 por defecto)",
        "entries to return (1–10000, default 200)": "entradas que devolver (1–10000, 200 por defecto)",
        "most entries (1–1000, default 100)": "como mucho estas entradas (1–1000, 100 por defecto)",
        "only entries at or after this ISO 8601 time": "solo las entradas desde esta hora ISO 8601",
        "only entries after this cursor (from a previous page)": "solo las entradas posteriores a este cursor (de una página anterior)",
        "the page's language: es (default) or en": "el idioma de la página: es (por defecto) o en",
    ]
}
