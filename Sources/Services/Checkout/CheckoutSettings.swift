import Resilience
import TelemetryCore

/// Checkout's own settings, beside the runtime's; read once in `main`.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `PRICING_GRPC_TARGET` | `127.0.0.1:9092` | Pricing's gRPC address |
/// | `INVENTORY_GRPC_TARGET` | `127.0.0.1:9093` | Inventory's gRPC address |
/// | `CHECKOUT_REQUEST_TIMEOUT_MS` | `2000` | the deadline of one `POST /checkout`, bounding its gRPC calls and retries |
/// | `CHECKOUT_ATTEMPT_TIMEOUT_MS` | `1000` | the longest one gRPC attempt may take (within the request's deadline) |
/// | `CHECKOUT_RETRY_ATTEMPTS` | `3` | attempts per gRPC call, the first included (transient errors only) |
/// | `CHECKOUT_BREAKER_OPEN_MS` | `5000` | how long a tripped breaker stays open before probing |
/// | `CHECKOUT_PRICE_CACHE_TTL_SECONDS` | `300` | how old a cached price may be to stand in for an unavailable Pricing |
/// | `CHECKOUT_MAX_ITEMS` | `50` | the most items one checkout may have |
/// | `CHECKOUT_MAX_BODY_BYTES` | `65536` | the largest request body accepted |
struct CheckoutSettings: Sendable {
    var pricingTarget = "127.0.0.1:9092"
    var inventoryTarget = "127.0.0.1:9093"
    var requestTimeout: Duration = .milliseconds(2000)
    var attemptTimeout: Duration = .milliseconds(1000)
    var retry = RetryPolicy()
    var breaker = CircuitBreakerConfiguration()
    var priceCacheTTL: Duration = .seconds(300)
    var maximumItems = 50
    var maximumQuantity = 10_000
    var maximumBodyBytes = 65_536

    init() {}

    init(environment: [String: String]) throws(ConfigurationError) {
        let reader = EnvironmentReader(environment)
        pricingTarget = reader.string("PRICING_GRPC_TARGET") ?? pricingTarget
        inventoryTarget = reader.string("INVENTORY_GRPC_TARGET") ?? inventoryTarget
        requestTimeout = .milliseconds(try Self.integer(reader, "CHECKOUT_REQUEST_TIMEOUT_MS", in: 1...600_000, default: 2000))
        attemptTimeout = .milliseconds(try Self.integer(reader, "CHECKOUT_ATTEMPT_TIMEOUT_MS", in: 1...600_000, default: 1000))
        retry.maximumAttempts = try Self.integer(reader, "CHECKOUT_RETRY_ATTEMPTS", in: 1...10, default: 3)
        breaker.openTimeout = .milliseconds(try Self.integer(reader, "CHECKOUT_BREAKER_OPEN_MS", in: 1...3_600_000, default: 5000))
        priceCacheTTL = .seconds(try Self.integer(reader, "CHECKOUT_PRICE_CACHE_TTL_SECONDS", in: 0...86_400, default: 300))
        maximumItems = try Self.integer(reader, "CHECKOUT_MAX_ITEMS", in: 1...100, default: 50)
        maximumBodyBytes = try Self.integer(reader, "CHECKOUT_MAX_BODY_BYTES", in: 1024...16_777_216, default: 65_536)
    }

    static func integer(_ reader: EnvironmentReader, _ name: String, in range: ClosedRange<Int>, default value: Int) throws(ConfigurationError) -> Int {
        guard let raw = reader.string(name) else { return value }
        guard let number = Int(raw), range.contains(number) else {
            throw ConfigurationError(variable: name, value: raw, accepted: "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
