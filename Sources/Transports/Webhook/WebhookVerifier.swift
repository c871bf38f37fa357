import Crypto
import Foundation
import Kernel

/// Verifies Standard Webhooks signatures: `webhook-signature` holds one or
/// more space-separated `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`,
/// where the key is the base64 part of a `whsec_…` secret. Any configured
/// secret may match (rotation); comparison is constant-time; timestamps
/// further than `tolerance` from now, in either direction, are refused.
public struct WebhookVerifier: Sendable {
    private let keys: [Data]
    /// Largest accepted clock difference, in seconds.
    public let tolerance: TimeInterval

    /// A verifier for `whsec_…` secrets; throws naming a secret that is not base64.
    public init(secrets: [String], tolerance: TimeInterval) throws {
        keys = try secrets.enumerated().map { index, secret in
            let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
            guard let key = Data(base64Encoded: encoded), !key.isEmpty else {
                throw SiaxError(.badRequest, "configuration key 'webhook.secrets[\(index)]': the part after whsec_ must be base64", field: "webhook.secrets[\(index)]")
            }
            return key
        }
        self.tolerance = tolerance
    }

    /// Whether any secret is configured.
    public var isConfigured: Bool { !keys.isEmpty }

    /// Checks a delivery; throws `unauthorized` saying what is wrong.
    public func verify(id: String?, timestamp: String?, signature: String?, body: Data, now: Date = Date()) throws {
        guard let id, !id.isEmpty, let timestamp, let signature else {
            throw SiaxError(.unauthorized, "missing webhook-id, webhook-timestamp or webhook-signature header")
        }
        guard let seconds = Int64(timestamp) else {
            throw SiaxError(.unauthorized, "webhook-timestamp must be Unix seconds")
        }
        let skew = now.timeIntervalSince1970 - Double(seconds)
        guard abs(skew) <= tolerance else {
            throw SiaxError(.unauthorized, "webhook-timestamp is \(Int(abs(skew))) s \(skew > 0 ? "old" : "in the future"); at most \(Int(tolerance)) s is accepted")
        }
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        let candidates = signature.split(separator: " ").compactMap { part -> Data? in
            guard part.hasPrefix("v1,") else { return nil }
            return Data(base64Encoded: String(part.dropFirst(3)))
        }
        var valid = false
        for key in keys.map(SymmetricKey.init(data:)) {
            for candidate in candidates where HMAC<SHA256>.isValidAuthenticationCode(candidate, authenticating: signed, using: key) {
                valid = true
            }
        }
        guard valid else { throw SiaxError(.unauthorized, "no valid v1 signature for any configured secret") }
    }

    /// The `v1,<base64>` signature of a delivery with `secret` (for senders and tests).
    public static func sign(secret: String, id: String, timestamp: Int64, body: Data) -> String? {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        guard let key = Data(base64Encoded: encoded) else { return nil }
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
        return "v1," + Data(code).base64EncodedString()
    }
}
