import AsyncHTTPClient
import Foundation
import NIOCore
import TelemetryTesting

/// The REST calls the end-to-end tests make against the slice's public and admin APIs.
struct SliceClient {
    let slice: CheckoutSlice

    /// A 202 answer of `POST /checkout`.
    struct Accepted: Decodable {
        var orderID: String
        var status: String
        var totalMinor: Int64
        var currency: String
    }

    /// `GET /orders/{id}` (Order).
    struct Order: Decodable {
        struct Step: Decodable { var status: String; var event: String? }
        var id: String
        var status: String
        var reason: String?
        var customerID: String
        var totalMinor: Int64
        var currency: String
        var history: [Step]
    }

    /// `POST /checkout` for `customerID` with `items` (product id, quantity), as part of trace `traceparent`.
    /// A 503 is retried (a second apart, at most 5 times) as a client would: seen right after the slice
    /// started on PostgreSQL, when Checkout's first call to Pricing failed without reaching it.
    func checkout(customerID: String, items: [(String, Int)], traceparent: String) async throws -> (status: Int, body: String, accepted: Accepted?) {
        var answer = try await checkoutOnce(customerID: customerID, items: items, traceparent: traceparent)
        for _ in 0..<5 where answer.status == 503 {
            print("CheckoutSliceTests: POST /checkout answered 503 (\(answer.body)); retrying in 1 s")
            try await Task.sleep(for: .seconds(1))
            answer = try await checkoutOnce(customerID: customerID, items: items, traceparent: traceparent)
        }
        return answer
    }

    private func checkoutOnce(customerID: String, items: [(String, Int)], traceparent: String) async throws -> (status: Int, body: String, accepted: Accepted?) {
        var request = HTTPClientRequest(url: slice.url("checkout") + "/checkout")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "traceparent", value: traceparent)
        let lines = items.map { #"{"productID":"\#($0.0)","quantity":\#($0.1)}"# }.joined(separator: ",")
        request.body = .bytes(ByteBuffer(string: #"{"customerID":"\#(customerID)","items":[\#(lines)]}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return (Int(response.status.code), body, try? JSONDecoder().decode(Accepted.self, from: Data(body.utf8)))
    }

    /// The order, or nil while Order does not know it yet (404).
    func order(_ id: String) async throws -> Order? {
        let (status, body) = try await get(slice.url("order") + "/orders/\(id)")
        guard status == 200 else { return nil }
        return try JSONDecoder().decode(Order.self, from: Data(body.utf8))
    }

    /// Waits until the order reaches one of `statuses` and returns it.
    func waitForOrder(_ id: String, in statuses: Set<String>, timeout: Duration = .seconds(60)) async throws -> Order {
        try await poll(timeout: timeout, what: "order \(id) to become \(statuses.sorted())") {
            guard let order = try await order(id) else { return nil }
            return statuses.contains(order.status) ? order : nil
        }
    }

    /// `GET /stock/{productID}` (Inventory) as a JSON object.
    func stock(_ productID: String) async throws -> [String: Any] {
        let (status, body) = try await get(slice.url("inventory") + "/stock/\(productID)")
        guard status == 200, let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw SliceError(description: "GET /stock/\(productID): \(status) \(body)")
        }
        return object
    }

    /// What can still be promised of `productID`: `available` when Inventory reports it, else on hand minus reserved.
    func available(_ productID: String) async throws -> Int {
        let stock = try await stock(productID)
        if let available = stock["available"] as? Int { return available }
        let onHand = stock["onHand"] as? Int ?? 0
        return onHand - (stock["reserved"] as? Int ?? 0)
    }

    /// `GET /payments/{orderID}` (Payment): status code and body.
    func payment(_ orderID: String) async throws -> (status: Int, body: String) {
        try await get(slice.url("payment") + "/payments/\(orderID)")
    }

    func get(_ url: String) async throws -> (Int, String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }
}
