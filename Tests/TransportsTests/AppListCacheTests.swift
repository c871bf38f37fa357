import Hummingbird
import HummingbirdTesting
import Kernel
import KernelTestSupport
import Testing
@testable import HTTPCore

@Suite("The cached app list")
struct AppListCacheTests {
    @Test("an operation through the API marks the list out of date once: the route does, its operation event does not")
    func operationInvalidatesOnce() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        let views = agent.services.appViews
        let subscribers = await agent.kernel.events.subscriberCount
        let following = Task { await views.followEvents() }
        defer { following.cancel() }
        #expect(await eventually { await agent.kernel.events.subscriberCount == subscribers + 1 })
        let before = views.list.invalidations

        try await agent.application().test(.router) { client in
            let started = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: auth(agent.operatorToken))
            #expect(started.status == .ok)
        }
        #expect(await agent.kernel.events.recent(limit: 10).contains { $0.type == .operation && $0.operation == "start" })
        // Events reach the list in order: once it has seen this state event, it has seen the operation's too.
        await agent.kernel.events.publish(AgentEvent(type: .state, app: "shop-api", state: .running, previous: .stopped))
        #expect(await eventually { views.list.invalidations >= before + 2 })
        #expect(views.list.invalidations == before + 2, "the route's invalidation and the state event's, nothing for the operation event")
    }
}
