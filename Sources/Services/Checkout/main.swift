import CommerceAPI
import CommerceEvents
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import ServiceRuntime
import TelemetryCore

// Checkout: the saga's entry point. `POST /checkout` validates the cart, prices it through Pricing and
// checks stock through Inventory over gRPC (deadline, retries, one circuit breaker per dependency; cached
// prices stand in for an unavailable Pricing), stores the checkout and publishes `checkout.order.created`
// through the outbox, and answers 202 with the order id. Its price cache also follows `price.updated`.
let environment = ProcessInfo.processInfo.environment
let runtime = ServiceRuntime.bootstrap(
    name: "checkout",
    version: CheckoutBuild.version,
    ports: .init(http: 8081, grpc: 9091, metrics: 9465, admin: 6061),
    environment: environment
)
/// Exits with EX_CONFIG and a message naming what is wrong, like the runtime does for its own variables.
func configurationFailure(_ error: any Error) -> Never {
    FileHandle.standardError.write(Data("checkout: cannot start: \(error)\n".utf8))
    exit(78)  // EX_CONFIG
}
let settings: CheckoutSettings
do {
    settings = try CheckoutSettings(environment: environment)
} catch {
    configurationFailure(error)
}
func grpcClient(_ variable: String, _ target: String) -> GRPCClient<HTTP2ClientTransport.Posix> {
    do {
        return try runtime.grpcClient(target: target)
    } catch {
        configurationFailure(ConfigurationError(variable: variable, value: target, accepted: error.accepted))
    }
}
let pricingClient = grpcClient("PRICING_GRPC_TARGET", settings.pricingTarget)
let inventoryClient = grpcClient("INVENTORY_GRPC_TARGET", settings.inventoryTarget)
let database = try await runtime.database(migrations: CheckoutSchema.migrations)
try runtime.relayOutbox()
func dependencyCall(_ name: String) -> DependencyCall {
    DependencyCall(
        dependency: name, breaker: runtime.circuitBreaker(dependency: name, configuration: settings.breaker),
        retrier: runtime.retrier(dependency: name, policy: settings.retry), attemptTimeout: settings.attemptTimeout
    )
}
let priceCache = PriceCache(ttl: settings.priceCacheTTL)
try runtime.consumeEvents(group: PriceCache.consumerGroup, topics: [PriceUpdated.topic], handlers: priceCache.handlers)
let pricing = PricingGateway(
    client: Commerce_Pricing_V1_Pricing.Client(wrapping: pricingClient),
    call: dependencyCall("pricing"), cache: priceCache, logger: runtime.logger
)
let inventory = InventoryGateway(
    client: Commerce_Inventory_V1_Inventory.Client(wrapping: inventoryClient),
    call: dependencyCall("inventory")
)
let store = CheckoutStore(database: database, outbox: runtime.eventOutbox, metricsFactory: runtime.metricsFactory)
let flow = CheckoutFlow(pricing: pricing, inventory: inventory, store: store, requestTimeout: settings.requestTimeout, tracer: runtime.tracer)
let router = runtime.makeRouter()
CheckoutRoutes(flow: flow, store: store, settings: settings).register(on: router)
try await runtime.run(router: router)
