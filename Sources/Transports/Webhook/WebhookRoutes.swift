import CoreMetrics
import Foundation
import HTTPTypes
import HTTPCore
import Hummingbird
import Kernel

/// `POST /webhook/command`: signed commands from outside systems.
///
/// Order of checks: signature headers and timestamp (401), signature (401),
/// replay (409), body (400 for an unknown action or key), then the command
/// through the Lifecycle, sharing its per-app rate limit. A command that
/// fails in a way a retry may fix (rate limit, timeout, backend) forgets the
/// id again, so the sender's retry of the same delivery is not a replay.
/// Verification results are counted (`MetricDescription.webhookVerifications`).
public struct WebhookRoutes: APIRouteProvider {
    let verifier: WebhookVerifier
    let replays: ReplayCache

    /// The routes for `settings`, remembering delivery ids under the kernel's state directory.
    public init(settings: WebhookSettings, kernel: AgentKernel) throws {
        let webhook = settings.webhook
        verifier = try WebhookVerifier(secrets: webhook.secrets, tolerance: webhook.toleranceS)
        replays = ReplayCache(stateDir: kernel.config.stateDir, retention: max(600, 2 * webhook.toleranceS + 60), logger: kernel.logger)
    }

    public func register(on table: RouteTable) {
        let services = table.services
        let kernel = services.kernel
        let views = services.appViews
        let body = services.body
        let verifier = self.verifier
        let replays = self.replays

        table.add(.post, "/webhook/command", access: .signed, audit: "webhook",
                  doc: RouteDoc("Signed command (Standard Webhooks)", tag: "webhook",
                                description: "Headers `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256>` over `{id}.{timestamp}.{body}`. 401 for a bad or missing signature or a timestamp more than the tolerance away; 409 for a replayed id; 400 for an unknown action.",
                                requestBody: .ref("WebhookCommand"), response: .ref("App"), errors: [400, 401, 403, 404, 409, 413, 429])) { request, context in
            let verified = { (result: String) in Self.count(result, factory: kernel.metrics) }
            guard verifier.isConfigured else {
                verified("disabled")
                throw SiaxError(.forbidden, "webhook commands are disabled: no webhook.secrets are configured")
            }
            let raw = Data(buffer: try await body.bytes(of: request))
            let id = request.headers[webhookID]
            do {
                try verifier.verify(id: id, timestamp: request.headers[webhookTimestamp], signature: request.headers[webhookSignature], body: raw)
            } catch {
                verified("rejected")
                throw error
            }
            guard let id, try await replays.insert(id) else {
                verified("replayed")
                throw SiaxError(.conflict, "webhook-id \(request.headers[webhookID] ?? "") was already received")
            }
            verified("ok")
            do {
                let command = try Self.decode(raw)
                context.noteAudit(app: command.appName, action: "webhook.\(command.action)")
                let actor = Requester(name: "webhook", address: context.clientAddress)
                guard let operation = Operation(rawValue: command.action) else {
                    return try JSON.response(try await views.view(command.appName))
                }
                let status = try await kernel.lifecycle.perform(operation, on: command.appName, actor: actor)
                return try JSON.response(try await views.view(command.appName, status: status))
            } catch let error as SiaxError where [.rateLimited, .timeout, .backendUnavailable, .internal].contains(error.code) {
                await replays.remove(id)
                throw error
            }
        }
    }

    /// Counts one delivery's verification result: `ok`, `rejected` (signature or timestamp), `replayed` or `disabled`.
    static func count(_ result: String, factory: any MetricsFactory) {
        Counter(label: MetricDescription.webhookVerifications.name, dimensions: [("result", result)], factory: factory).increment()
    }

    /// `{"action","app_name"}`; unknown keys and actions are `bad_request`.
    static func decode(_ data: Data) throws -> WebhookCommand {
        do {
            return try RequestBodyReader.decode(WebhookCommand.self, from: data)
        } catch let error as SiaxError where error.code == .validationFailed {
            throw SiaxError(.badRequest, error.message, field: error.field)
        }
    }
}

private let webhookID = HTTPField.Name("webhook-id")!
private let webhookTimestamp = HTTPField.Name("webhook-timestamp")!
private let webhookSignature = HTTPField.Name("webhook-signature")!

/// A webhook's command.
struct WebhookCommand: Decodable {
    /// The actions docs/api.md allows.
    static let actions = ["start", "stop", "restart", "status"]

    var action: String
    var appName: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case action
        case appName = "app_name"
    }

    init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        action = try c.decode(String.self, forKey: .action)
        appName = try c.decode(String.self, forKey: .appName)
        guard Self.actions.contains(action) else {
            throw SiaxError(.badRequest, "unknown action '\(action)'; expected \(Self.actions.joined(separator: ", "))", field: "action")
        }
    }
}
