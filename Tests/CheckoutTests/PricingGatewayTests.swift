import GRPCCore
import Logging
import MetricsTestKit
import Resilience
import TelemetryGRPC
import Testing
import Tracing

@testable import Checkout

/// Pricing's client side: deadlines, retries, the breaker, and the cached-price fallback.
@Suite struct PricingGatewayTests {
    let client = InMemoryPricingClient(["sku-1001": 2490, "sku-1002": 3999])
    let metrics = TestMetrics()
    static let logger = Logger(label: "checkout-tests") { _ in SwiftLogNoOpLogHandler() }

    func makeGateway(attempts: Int = 3, openTimeout: Duration = .seconds(60)) -> PricingGateway {
        var policy = RetryPolicy()
        policy.maximumAttempts = attempts
        policy.initialBackoff = .microseconds(1)
        var breaker = CircuitBreakerConfiguration()
        breaker.openTimeout = openTimeout
        let call = DependencyCall(
            dependency: "pricing",
            breaker: CircuitBreaker(dependency: "pricing", configuration: breaker, clock: ContinuousClock(), metricsFactory: metrics, logger: Self.logger),
            retrier: Retrier(dependency: "pricing", policy: policy, clock: ContinuousClock(), metricsFactory: metrics, logger: Self.logger),
            attemptTimeout: .seconds(1)
        )
        return PricingGateway(client: client, call: call, cache: PriceCache(ttl: .seconds(300)), logger: Self.logger)
    }

    @Test func quote_healthyPricing_returnsPricesAndUnknownIDs() async throws {
        let quote = try await makeGateway().quote(customerID: "c-1", customerGroup: "standard", productIDs: ["sku-1001", "sku-0"])
        #expect(quote.prices["sku-1001"]?.unitPriceMinor == 2490)
        #expect(quote.unknownProductIDs == ["sku-0"])
        #expect(!quote.fromCache)
    }

    @Test func quote_unavailableOnce_retriesAndSucceedsCountingTheRetry() async throws {
        let gateway = makeGateway()
        client.fail(with: .unavailable, times: 1)
        let quote = try await gateway.quote(customerID: "c-1", customerGroup: "standard", productIDs: ["sku-1001"])
        #expect(quote.prices.count == 1)
        #expect(client.timeouts.count == 2)
        #expect(try metrics.expectCounter("kit.retries", [("dependency", "pricing"), ("outcome", "success")]).totalValue == 1)
    }

    @Test func quote_invalidArgument_isNotRetriedAndIsNotABreakerFailure() async throws {
        let gateway = makeGateway()
        client.fail(with: .invalidArgument)
        for _ in 0..<12 {
            await #expect(throws: DependencyError.self) {
                _ = try await gateway.quote(customerID: "c-1", customerGroup: "standard", productIDs: ["sku-1001"])
            }
        }
        #expect(client.timeouts.count == 12)
        #expect(gateway.call.breaker.currentState == .closed)
    }

    @Test func quote_breakerOpenWithCachedPrices_answersFromCache() async throws {
        let gateway = makeGateway(attempts: 1)
        _ = try await gateway.quote(customerID: "c-1", customerGroup: "standard", productIDs: ["sku-1001"])
        client.fail(with: .unavailable)
        for _ in 0..<10 { _ = try? await gateway.quote(customerID: "c-1", customerGroup: "standard", productIDs: ["sku-1001"]) }
        #expect(gateway.call.breaker.currentState == .open)
        #expect(try metrics.expectGauge("kit.circuit_breaker.state", [("dependency", "pricing")]).lastValue == 2)
        let callsBefore = client.timeouts.count
        let quote = try await gateway.quote(customerID: "c-1", customerGroup: "standard", productIDs: ["sku-1001"])
        #expect(quote.fromCache)
        #expect(quote.prices["sku-1001"]?.unitPriceMinor == 2490)
        #expect(client.timeouts.count == callsBefore)
    }

    @Test func quote_breakerOpenWithoutCachedPrice_throwsCircuitOpen() async throws {
        let gateway = makeGateway(attempts: 1)
        client.fail(with: .unavailable)
        for _ in 0..<10 { _ = try? await gateway.quote(customerID: "c-1", customerGroup: "standard", productIDs: ["sku-1002"]) }
        let error = await #expect(throws: DependencyError.self) {
            _ = try await gateway.quote(customerID: "c-1", customerGroup: "gold", productIDs: ["sku-1002"])
        }
        #expect(error?.code == .circuitOpen)
    }

    @Test func quote_requestDeadline_capsTheAttemptTimeout() async throws {
        var context = ServiceContext.topLevel
        context.grpcDeadline = .now + .milliseconds(300)
        try await ServiceContext.$current.withValue(context) {
            _ = try await makeGateway().quote(customerID: "c-1", customerGroup: "standard", productIDs: ["sku-1001"])
        }
        let timeout = try #require(client.timeouts.first ?? nil)
        #expect(timeout <= .milliseconds(300) && timeout > .zero)
    }

    @Test func quote_deadlinePassed_failsWithoutCalling() async throws {
        var context = ServiceContext.topLevel
        context.grpcDeadline = .now - .milliseconds(1)
        await #expect(throws: DependencyError.self) {
            try await ServiceContext.$current.withValue(context) {
                _ = try await makeGateway().quote(customerID: "c-1", customerGroup: "standard", productIDs: ["sku-1001"])
            }
        }
        #expect(client.timeouts.isEmpty)
    }
}
