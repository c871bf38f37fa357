import CoreMetrics
import Hummingbird
import Kernel
import Synchronization

/// Counts and times API requests by route template, method and status
/// (`MetricDescription.httpRequests`, `.httpRequestDuration`).
///
/// The route label is the matched template (`/api/apps/{name}`), never the
/// raw path, and unknown methods share one label, so a client probing random
/// paths adds no series. Added before `ErrorMiddleware`, it sees the status
/// that an error was answered with.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The label of requests no route matched (panel files, 404s).
    static var unmatched: String { "unmatched" }

    let factory: any MetricsFactory
    private let series = SeriesCache()

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, since: started)
            return response
        } catch {
            record(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? Self.unmatched
        let method = labelledMethods.contains(request.method) ? request.method.rawValue : "other"
        let (counter, timer) = series.handlers(SeriesKey(route: route, method: method, status: status), factory: factory)
        counter.increment()
        timer.recordSeconds((ContinuousClock.now - started) / .seconds(1))
    }
}

/// Methods labelled by name; any other is `other`.
private let labelledMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .delete, .patch, .options]

/// The labels of one request series.
private struct SeriesKey: Hashable {
    var route: String
    var method: String
    var status: Int
}

/// The counter and timer of each request series, made once (making them
/// through the factory validates and looks up the labels: a cost per request otherwise).
private final class SeriesCache: Sendable {
    private let made = Mutex<[SeriesKey: (Counter, Timer)]>([:])

    func handlers(_ key: SeriesKey, factory: any MetricsFactory) -> (Counter, Timer) {
        made.withLock { made in
            if let handlers = made[key] { return handlers }
            let dimensions = [("route", key.route), ("method", key.method), ("status", String(key.status))]
            let handlers = (
                Counter(label: MetricDescription.httpRequests.name, dimensions: dimensions, factory: factory),
                Timer(label: MetricDescription.httpRequestDuration.name, dimensions: dimensions, factory: factory))
            made[key] = handlers
            return handlers
        }
    }
}
