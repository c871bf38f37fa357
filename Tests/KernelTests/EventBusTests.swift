import Testing
import Kernel

@Suite("EventBus fans out and remembers")
struct EventBusTests {
    @Test func fanOut() async {
        let bus = EventBus(historyLimit: 2)
        let stream = await bus.subscribe()
        await bus.publish(AgentEvent(type: .state, app: "a", state: .running, previous: .starting))
        await bus.publish(AgentEvent(type: .alert, app: "b", alert: "crashed"))
        await bus.publish(AgentEvent(type: .alert, app: "c", alert: "zombie"))
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next()?.app == "a")
        #expect(await iterator.next()?.app == "b")
        #expect(await bus.recent(limit: 10).map(\.app) == ["b", "c"])
    }
}
