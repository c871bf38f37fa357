import CoreMetrics
import Hummingbird
import Kernel

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
        let method = Self.methods.contains(request.method) ? request.method.rawValue : "other"
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Counter(label: MetricDescription.httpRequests.name, dimensions: dimensions, factory: factory).increment()
        Timer(label: MetricDescription.httpRequestDuration.name, dimensions: dimensions, factory: factory)
            .recordSeconds((ContinuousClock.now - started) / .seconds(1))
    }

    /// Methods labelled by name; any other is `other`.
    private static var methods: Set<HTTPRequest.Method> { [.get, .head, .post, .put, .delete, .patch, .options] }
}
