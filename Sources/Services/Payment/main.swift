import Foundation
import CommerceEvents
import Kafka
import ServiceRuntime

// Payment: charges each reserved order once through the (simulated) payment gateway and publishes
// payment.completed or payment.failed through the outbox; REST `GET /payments/{orderID}` and
// `POST /payments/{orderID}/refund` (-> payment.refunded) on the public port.
let environment = ProcessInfo.processInfo.environment
let runtime = ServiceRuntime.bootstrap(
    name: "payment",
    version: PaymentBuild.version,
    ports: .init(http: 8084, grpc: 9094, metrics: 9468, admin: 6064),
    environment: environment
)
let settings: PaymentSettings
do {
    settings = try PaymentSettings.from(environment)
} catch {
    FileHandle.standardError.write(Data("payment: cannot start: \(error)\n".utf8))
    exit(78)
}
let database = try await runtime.database(migrations: PaymentSchema.migrations)
try runtime.relayOutbox()
let gateway = SimulatedPaymentGateway(latency: settings.gatewayLatency, policy: DeclinePolicy(rate: settings.declineRate))
let processor = PaymentProcessor(database: database, gateway: gateway, outbox: runtime.eventOutbox, tracer: runtime.tracer, metricsFactory: runtime.metricsFactory)
try runtime.consumeEvents(group: PaymentProcessor.group, topics: [InventoryReserved.topic], handlers: processor.handlers) { options in
    options.retry = PaymentProcessor.retryPolicy
}
let router = runtime.makeRouter()
PaymentRoutes(database: database, refunds: PaymentRefunds(database: database, processor: processor)).register(on: router)
try await runtime.run(router: router)
