import Foundation
import ServiceRuntime

// Catalog: the product catalogue, the first service on the telemetry kit.
// REST on the public port, gRPC `commerce.catalog.v1.Catalog/GetProduct` on the internal port.
let environment = ProcessInfo.processInfo.environment
let runtime = ServiceRuntime.bootstrap(
    name: "catalog",
    version: CatalogBuild.version,
    ports: .init(http: 8080, grpc: 9090, metrics: 9464),
    environment: environment
)
let settings = CatalogSettings.fromEnvironment(environment, logger: runtime.logger)
let store = ProductStore.seeded()
let router = runtime.makeRouter()
CatalogRoutes(store: store, settings: settings).register(on: router)
try await runtime.run(router: router, grpcServices: [CatalogGRPCService(store: store)])
