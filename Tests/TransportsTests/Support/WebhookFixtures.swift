import Foundation
import HTTPTypes
import Webhooks

/// Secrets and signed deliveries for webhook tests.
enum WebhookFixtures {
    /// The Standard Webhooks reference tests' secret.
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    /// Another secret, for rotation.
    static let rotated = "whsec_" + Data("another secret of thirty-two bytes!!".utf8).base64EncodedString()

    /// Headers of a delivery signed with `secret`.
    static func headers(id: String, body: String, secret: String = secret, timestamp: Int64 = Int64(Date().timeIntervalSince1970)) -> HTTPFields {
        [
            HTTPField.Name("webhook-id")!: id,
            HTTPField.Name("webhook-timestamp")!: String(timestamp),
            HTTPField.Name("webhook-signature")!: WebhookVerifier.sign(secret: secret, id: id, timestamp: timestamp, body: Data(body.utf8))!,
            .contentType: "application/json",
        ]
    }
}
