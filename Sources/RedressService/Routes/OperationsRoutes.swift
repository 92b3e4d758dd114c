import Hummingbird
import NIOCore

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
            do { head = try await self.ledger.store.head().position } catch {
                self.logger.error("not ready", metadata: ["error": "\(error)"])
                var problem = Problem(
                    .serviceUnavailable, type: "not-ready",
                    detail: "the ledger cannot be read; the service log says why")
                problem.headers[.retryAfter] = "5"
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
