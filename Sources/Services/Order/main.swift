import Foundation
import Kafka
import ServiceRuntime

// Order: the order lifecycle of the checkout saga (see OrderStateMachine).
// Consumes checkout.order.created, inventory.reserved, inventory.reservation.failed, payment.completed,
// payment.failed and inventory.released; publishes order.confirmed, order.failed, inventory.release and
// notification.requested through the outbox; REST `GET /orders/{id}` on the public port.
let environment = ProcessInfo.processInfo.environment
let runtime = ServiceRuntime.bootstrap(
    name: "order",
    version: OrderBuild.version,
    ports: .init(http: 8085, grpc: 9095, metrics: 9469, admin: 6065),
    environment: environment
)
let database = try await runtime.database(migrations: OrderSchema.migrations)
try runtime.relayOutbox()
let saga = OrderSaga(outbox: runtime.eventOutbox, metrics: SagaMetrics(factory: runtime.metricsFactory))
try runtime.consumeEvents(group: OrderSaga.group, topics: OrderSaga.topics, handlers: saga.handlers) { options in
    options.retry = OrderSaga.retryPolicy
}
let router = runtime.makeRouter()
OrderRoutes(store: OrderStore(database: database)).register(on: router)
try await runtime.run(router: router)
