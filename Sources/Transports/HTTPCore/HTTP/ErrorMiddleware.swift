import Hummingbird
import Kernel
import Logging

/// Turns every error a route or the router throws into docs/api.md's error body,
/// so no response ever leaves without `{"error":{…}}`.
/// A path that exists with other methods answers 405 with `Allow`.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let methods: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let siax = Self.siaxError(error, request: request)
            if siax.code == .internal {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            }
            if siax.code == .notFound, error is HTTPError, case let allowed = methods.allowed(for: request.uri.path), !allowed.isEmpty {
                var response = SiaxError(.methodNotAllowed, "\(request.uri.path) answers \(allowed.joined(separator: ", ")), not \(request.method)").response()
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            return siax.response()
        }
    }

    /// Any error as a `SiaxError` with a message for people.
    static func siaxError(_ error: any Error, request: Request) -> SiaxError {
        switch error {
        case let error as SiaxError:
            return error
        case let error as HTTPError where error.status == .notFound:
            return SiaxError(.notFound, "no route for \(request.method) \(request.uri.path)")
        case let error as HTTPError:
            return SiaxError(.from(status: error.status), error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            return SiaxError(.payloadTooLarge, "the request body is larger than the limit")
        case let error as any HTTPResponseError:
            return SiaxError(.from(status: error.status), error.status.reasonPhrase)
        case is CancellationError:
            return SiaxError(.timeout, "the request was cancelled")
        default:
            return SiaxError(.internal, "internal error: \(error)")
        }
    }
}
