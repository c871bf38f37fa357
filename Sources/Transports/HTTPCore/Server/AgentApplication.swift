import Hummingbird
import HummingbirdCore
import Logging
import NIOHTTP1

/// The agent's Hummingbird application: `Application`'s request handling
/// (router, request context, `Date` header, a 500 for an error no route
/// turned into a response), run without `Application`'s once-a-second date
/// timer — the `Date` header is formatted when a response needs it
/// (`HTTPDateHeader`). An idle agent then wakes only for its own work.
struct AgentApplication<Responder: HTTPResponder>: ApplicationProtocol
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let responder: Responder
    let server: HTTPServerBuilder
    let configuration: ApplicationConfiguration
    let logger: Logger
    /// Called once the server listens (the agent then tells systemd `READY=1`).
    let onListening: (@Sendable () async -> Void)?

    /// An application serving `router` on `host:port`.
    init<ResponderBuilder: HTTPResponderBuilder>(
        router: ResponderBuilder, server: HTTPServerBuilder, host: String, port: Int, logger: Logger,
        onListening: (@Sendable () async -> Void)? = nil
    ) where ResponderBuilder.Responder == Responder {
        responder = router.buildResponder()
        self.server = server
        configuration = ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil)
        self.logger = logger
        self.onListening = onListening
    }

    /// `configuration` as the server's own type (what `Application` derives internally).
    private var serverConfiguration: ServerConfiguration {
        ServerConfiguration(
            address: configuration.address, serverName: configuration.serverName, backlog: configuration.backlog,
            reuseAddress: configuration.reuseAddress)
    }

    func run() async throws {
        let responder = responder
        let logger = logger
        let date = HTTPDateHeader()
        let onListening = onListening
        let service = try server.buildServer(
            configuration: serverConfiguration, eventLoopGroup: eventLoopGroup, logger: logger
        ) { request, writer, channel in
            let context = Responder.Context(source: .init(channel: channel, logger: logger))
            var response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch let error as HTTPParserError {
                throw error
            } catch {
                logger.debug("unhandled error answered with 500", metadata: ["error.type": "\(error)"])
                response = Response(status: .internalServerError, body: .init())
            }
            response.headers[.date] = date.current()
            do {
                try await writer.write(response: response.head, body: response.body)
            } catch is HTTPParserError {
                // Part of the response is out: the connection can only be closed, not answered with a 400.
                throw ResponseAbandoned()
            }
        } onServerRunning: { _ in
            await onListening?()
        }
        try await service.run()
    }

    /// A request's body turned out malformed while its response was being written.
    private struct ResponseAbandoned: Error {}
}
