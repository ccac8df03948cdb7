import CommerceEvents
import Foundation
import ServiceRuntime
import TelemetryGRPC
import Tracing

/// Places one validated checkout: prices it (Pricing, or cached prices when Pricing is unavailable),
/// checks availability (Inventory), then stores it and enqueues `checkout.order.created`.
///
/// The new order id goes into the baggage (`commerce.order.id`) before any outgoing call, so every hop
/// of the saga carries it; the span `checkout.place_order` carries it as an attribute. Outgoing calls
/// are bounded by the request's deadline (`requestTimeout` from now, or the caller's if sooner).
struct CheckoutFlow: Sendable {
    let pricing: any PriceSource
    let inventory: any StockSource
    let store: CheckoutStore
    let requestTimeout: Duration
    let tracer: any Tracer

    /// The stored checkout.
    /// - Throws: ``ProblemDetails``: 422 for unknown products, 409 for insufficient stock, 503 when a
    ///   dependency is unavailable without a fallback; database errors.
    func place(_ request: CheckoutRequest, orderID: String = UUID().uuidString.lowercased()) async throws -> Checkout {
        var context = SagaContext.context(ServiceContext.current ?? .topLevel, orderID: orderID)
        let deadline = ContinuousClock.now.advanced(by: requestTimeout)
        context.grpcDeadline = min(context.grpcDeadline ?? deadline, deadline)
        let outcome: Result<Checkout, ProblemDetails> = try await tracer.withSpan("checkout.place_order", context: context, ofKind: .internal) { span in
            span.attributes[SagaContext.orderIDKey] = orderID
            let outcome = try await placeInContext(request, orderID: orderID, span: span)
            if case .failure(let problem) = outcome, problem.status.code >= 500 {
                span.setStatus(SpanStatus(code: .error, message: problem.detail))
            }
            return outcome
        }
        return try outcome.get()
    }

    private func placeInContext(_ request: CheckoutRequest, orderID: String, span: any Span) async throws -> Result<Checkout, ProblemDetails> {
        let productIDs = request.items.map(\.productID)
        let quote: PriceQuote
        do {
            quote = try await pricing.quote(customerID: request.customerID, customerGroup: request.customerGroup, productIDs: productIDs)
        } catch let error as DependencyError {
            return .failure(.unavailable(dependency: error.dependency, reason: error.code.rawValue))
        }
        span.attributes["checkout.price.source"] = quote.fromCache ? "cache" : "pricing"
        let unknown = Set(quote.unknownProductIDs)
        let unknownParams = request.items.enumerated().compactMap { index, item -> ProblemDetails.InvalidParam? in
            guard unknown.contains(item.productID) || quote.prices[item.productID] == nil else { return nil }
            return .init(name: "items[\(index)].productID", reason: "unknown product \(item.productID)")
        }
        guard unknownParams.isEmpty else { return .failure(.invalid(unknownParams)) }
        let currencies = Set(request.items.compactMap { quote.prices[$0.productID]?.currency })
        guard currencies.count == 1, let currency = currencies.first else {
            return .failure(.invalid("items", "the products are priced in different currencies (\(currencies.sorted().joined(separator: ", ")))"))
        }

        let available: [String: Int64]
        do {
            available = try await inventory.available(productIDs: productIDs)
        } catch let error as DependencyError {
            return .failure(.unavailable(dependency: error.dependency, reason: error.code.rawValue))
        }
        let shortParams = request.items.enumerated().compactMap { index, item -> ProblemDetails.InvalidParam? in
            let units = available[item.productID] ?? 0
            guard units < Int64(item.quantity) else { return nil }
            return .init(name: "items[\(index)].quantity", reason: "only \(units) of \(item.productID) available")
        }
        guard shortParams.isEmpty else { return .failure(.insufficientStock(shortParams)) }

        var lines: [LineItem] = []
        var total: Int64 = 0
        for (index, item) in request.items.enumerated() {
            let unit = quote.prices[item.productID]?.unitPriceMinor ?? 0
            let (line, lineOverflow) = unit.multipliedReportingOverflow(by: Int64(item.quantity))
            let (sum, sumOverflow) = total.addingReportingOverflow(line)
            guard !lineOverflow, !sumOverflow else { return .failure(.invalid("items[\(index)].quantity", "the total is too large")) }
            total = sum
            lines.append(LineItem(productID: item.productID, quantity: item.quantity, unitPriceMinor: unit))
        }
        let checkout = Checkout(
            id: orderID, customerID: request.customerID, customerGroup: request.customerGroup, items: lines, totalMinor: total,
            currency: currency, priceSource: quote.fromCache ? "cache" : "pricing", createdAt: Date()
        )
        try await store.save(checkout)
        return .success(checkout)
    }
}
