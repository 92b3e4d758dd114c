import Hummingbird
import Logging
import NIOCore
import Redress

extension RedressServer {
    /// Liveness, readiness, Prometheus metrics and the OpenAPI document: no token needed.
    func addOperationsRoutes(_ router: Router<ServiceContext>) {
        router.get("/healthz") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/readyz") { _, _ -> Response in
            let head: Int64
            do { head = try await self.readHead(within: self.options.readinessTimeout) } catch {
                self.logger.error("not ready", metadata: ["error": "\(error)"])
                var detail = "the ledger cannot be read; the service log says why"
                if case .unavailable(let reason)? = LedgerStoreFailure(error) { detail = reason }
                if error is NotReady {
                    detail = "the ledger did not answer within \(self.options.readinessTimeout)"
                }
                var problem = Problem(.serviceUnavailable, type: "not-ready", detail: detail)
                problem.headers[.retryAfter] = "2"
                throw problem
            }
            self.metrics.headPosition(head)
            return .json(#"{"status":"ready","head_position":\#(head)}"#)
        }
        router.get("/metrics") { _, _ -> Response in
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.exposition())))
        }
        router.get("/openapi.yaml") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
        }
    }
}

extension RedressServer {
    /// The ledger's head, read within `limit` (``NotReady`` beyond): readiness is whether the database
    /// answers now, not eventually.
    func readHead(within limit: Duration) async throws -> Int64 {
        try await withThrowingTaskGroup(of: Int64.self) { group in
            group.addTask { try await self.ledger.head().position }
            group.addTask {
                try await Task.sleep(for: limit)
                throw NotReady()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

/// The ledger did not answer a readiness probe in time.
struct NotReady: Error {}
