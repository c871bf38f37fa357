import Foundation
import Kernel
import KernelTestSupport
import Testing
import Webhooks

/// Many clients at once on one app, over real HTTP and signed webhooks, on the sandbox's systemd.
@Suite("Concurrency: one app, many callers", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct ConcurrencyTests {
    /// What one call got: its action, HTTP status, and when its answer came.
    struct Outcome: Sendable {
        var action: String
        var status: Int
        var retryAfter: String?
        var answeredAt: ContinuousClock.Instant
    }

    @Test("waves of 100 concurrent start/stop/restart calls through REST and signed webhooks: serialised, rate-limited, the last accepted one wins, nothing left behind",
          .timeLimit(.minutes(3)))
    func hundredCalls() async throws {
        let api = try APIHarness(operationInterval: 0.2)
        let name = "it-conc-storm"
        let spec = try api.nodeAppSpec(name)
        try await api.serve(cleaningUp: [name]) { api in
            #expect(try await api.call(.POST, "/api/apps", body: spec).status == 201)
            var random = SeededRandom(seed: 20261206)
            /// 100 calls spread over 3 s, so that some find the app free and most find it busy.
            func storm(_ wave: Int) async throws -> [Outcome] {
                let actions = (0..<100).map { _ in ["start", "stop", "restart"][Int(random.next() % 3)] }
                let delays = (0..<100).map { _ in Duration.milliseconds(Int64(random.next() % 3000)) }
                return try await withThrowingTaskGroup(of: Outcome.self) { group in
                    for (index, action) in actions.enumerated() {
                        group.addTask {
                            try await Task.sleep(for: delays[index])
                            let answer: APIHarness.Answer
                            if index % 5 == 0 {
                                answer = try await api.webhook(id: "msg_storm_\(wave)_\(index)", action: action, app: name)
                            } else {
                                answer = try await api.call(.POST, "/api/apps/\(name)/\(action)")
                            }
                            return Outcome(action: action, status: answer.status, retryAfter: answer.headers.first(name: "Retry-After"),
                                           answeredAt: .now)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            // Waves until two operations went through (on a loaded machine one start may outlast a wave).
            var outcomes: [Outcome] = []
            for wave in 0..<5 where outcomes.filter({ $0.status == 200 }).count < 2 {
                outcomes += try await storm(wave)
            }
            let accepted = outcomes.filter { $0.status == 200 }.sorted { $0.answeredAt < $1.answeredAt }
            let refused = outcomes.filter { $0.status == 429 }
            #expect(accepted.count >= 2, "\(accepted.map(\.action))")
            #expect(accepted.count + refused.count == outcomes.count, "\(Dictionary(grouping: outcomes, by: \.status).mapValues(\.count))")
            #expect(refused.allSatisfy { $0.retryAfter != nil })
            // Serialised with a 0.2 s pause: accepted answers can never come closer than that.
            for (before, after) in zip(accepted, accepted.dropFirst()) {
                #expect(before.answeredAt.duration(to: after.answeredAt) >= .milliseconds(150))
            }

            let last = try #require(accepted.last)
            let unit = try Command.systemctl("show", "-p", "ActiveState", "--value", "\(name).service").stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(unit == (last.action == "stop" ? "inactive" : "active"), "last accepted: \(last.action)")
            #expect(await eventually { leftoverChildren(about: name).isEmpty }, "\(leftoverChildren(about: name))")
        }
    }

    @Test("a delete racing a start: the app ends deleted, its unit gone and no process left", .timeLimit(.minutes(2)))
    func deleteRacingStart() async throws {
        let api = try APIHarness(operationInterval: 0)
        let name = "it-conc-race"
        let spec = try api.nodeAppSpec(name)
        try await api.serve(cleaningUp: [name]) { api in
            #expect(try await api.call(.POST, "/api/apps", body: spec).status == 201)
            async let start = api.call(.POST, "/api/apps/\(name)/start")
            async let delete = api.call(.DELETE, "/api/apps/\(name)")
            let (started, deleted) = try await (start, delete)
            #expect(deleted.status == 200, "\(deleted.text)")
            #expect([200, 404, 429].contains(started.status), "\(started.status) \(started.text)")
            #expect(try await api.call(.GET, "/api/apps/\(name)").status == 404)
            #expect(!FileManager.default.fileExists(atPath: "/etc/systemd/system/\(name).service"))
            let active = try Command.systemctl("show", "-p", "ActiveState", "--value", "\(name).service").stdout
            #expect(active.trimmingCharacters(in: .whitespacesAndNewlines) == "inactive")
        }
    }

    @Test("ten concurrent registrations of one name: exactly one 201, the others 409", .timeLimit(.minutes(2)))
    func concurrentRegistrations() async throws {
        let api = try APIHarness(operationInterval: 0)
        let name = "it-conc-reg"
        let spec = try api.nodeAppSpec(name)
        try await api.serve(cleaningUp: [name]) { api in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try await api.call(.POST, "/api/apps", body: spec).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 9, "\(statuses)")
            let list = try await api.call(.GET, "/api/apps").json["apps"] as? [[String: Any]] ?? []
            #expect(list.filter { $0["name"] as? String == name }.count == 1)
        }
    }

    /// `systemctl`/`journalctl` children of this test process still working on `app`'s unit
    /// (other suites, running beside this one, have children of their own).
    func leftoverChildren(about app: String) -> [String] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard Int32(entry) != nil, let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            guard fields.count > 1, Int32(fields[1]) == me,
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let command = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            return command.contains(app) ? "\(entry): \(command)" : nil
        }
    }
}

/// A small deterministic generator (SplitMix64), so a run can be repeated.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension APIHarness {
    /// A signed webhook command.
    func webhook(id: String, action: String, app: String) async throws -> Answer {
        let body = #"{"action":"\#(action)","app_name":"\#(app)"}"#
        let timestamp = Int64(Date().timeIntervalSince1970)
        guard let signature = WebhookVerifier.sign(secret: Self.webhookSecret, id: id, timestamp: timestamp, body: Data(body.utf8)) else {
            throw HarnessError("could not sign a webhook")
        }
        return try await call(
            .POST, "/webhook/command", token: nil,
            headers: [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature)], body: body)
    }
}
