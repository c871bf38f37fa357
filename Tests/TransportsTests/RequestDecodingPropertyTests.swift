import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kernel
import KernelTestSupport
import PropertyBased
import Testing
@testable import HTTPCore

/// Generated registration bodies: a valid spec with some fields replaced by hostile values
/// (wrong types, control characters, out-of-range numbers, nesting, huge strings) and
/// sometimes an unknown key. Each answer is 201 or a 4xx whose `field` names a key of the
/// spec — never a 5xx — and a 201 registered exactly what was sent.
@Suite("Request decoding, property-based")
struct RequestDecodingPropertyTests {
    static let keys = ["name", "runtime", "script_path", "working_dir", "user", "port", "args", "environment", "enabled", "restart", "limits"]
    static var hostile: [Any] {
        [
            "", "x\ny", "nul\u{0}", "%h", "../x", "-x", String(repeating: "a", count: 300), "é😀", 0, -1, 70_000, 3.5,
            true, NSNull(), [Any](), ["k": "v"], ["A": 1], ["x\n"], ["memory_max": "1G", "cpu": 5],
        ]
    }
    /// Keys the agent knows (top level and nested), for `field` checks.
    static let known: Set<String> = Set(keys + ["app_name", "log_rate_limit", "health_check", "memory_max", "cpu_quota", "burst", "interval_s"])

    @Test("201 with the sent values, or a 4xx naming a known or sent field; never a 5xx")
    func hostileBodies() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        let admin = auth(TestAgent.adminToken)
        try await agent.application().test(.router) { client in
            await propertyCheck(count: 300, input: Gen.int(in: 0...(Self.keys.count - 1)).array(of: 0...3),
                                Gen.int(in: 0...18).array(of: 3), Gen.int(in: 0...4)) { replaced, values, extra in
                var body: [String: Any] = [
                    "name": "prop-app", "runtime": "fake", "script_path": agent.script, "working_dir": agent.workingDir,
                    "user": "nobody", "port": 8000,
                ]
                for (slot, key) in replaced.enumerated() { body[Self.keys[key]] = Self.hostile[values[slot % values.count]] }
                if extra == 0 { body["colour"] = "blue" }
                guard let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]) else { return }
                let sent = String(decoding: data, as: UTF8.self)
                guard let answer = try? await client.execute(uri: "/api/apps/register", method: .post, headers: admin, body: ByteBuffer(data: data))
                else {
                    Issue.record("no answer to \(sent)")
                    return
                }
                let status = answer.status.code
                #expect(status == 201 || (400..<500).contains(status), "\(status) for \(sent): \(answer.text)")
                guard status == 201 else {
                    #expect(answer.errorCode != nil, "no error code for \(sent): \(answer.text)")
                    if status == 422 {
                        let field = answer.error["field"] as? String ?? ""
                        let head = String(field.prefix { $0 != "." && $0 != "[" })
                        #expect(Self.known.contains(head) || body.keys.contains(head), "field '\(field)' for \(sent): \(answer.text)")
                    }
                    return
                }
                let name = try #require(body["name"] as? String)
                let app = try await client.execute(uri: "/api/apps/\(name)", method: .get, headers: admin).json
                for key in ["name", "runtime", "script_path", "working_dir", "user"] {
                    #expect(app[key] as? String == body[key] as? String, "\(key) for \(sent)")
                }
                #expect(app["port"] as? Int == body["port"] as? Int, "port for \(sent)")
                let deleted = try await client.execute(uri: "/api/apps/\(name)", method: .delete, headers: admin)
                #expect(deleted.status.code < 300)
            }
        }
    }
}
