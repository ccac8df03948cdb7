import AsyncHTTPClient
import Foundation
import NIOCore

/// Sends one `POST /checkout` and reads the order id of a 202.
struct CheckoutClient: Sendable {
    /// What a POST came to.
    enum Answer: Sendable {
        case accepted(orderID: String)
        case failed(kind: String)
    }

    struct Accepted: Decodable {
        var orderID: String
    }

    let http: HTTPClient
    let url: String
    let products: [String]
    let declineShare: Double
    let timeout: TimeAmount

    /// The body of checkout number `sequence`: one random product, quantity 1 or 2, and a customer that
    /// the payment gateway declines (`decline-...`) for `declineShare` of them.
    func body(sequence: Int) -> String {
        let product = products.randomElement() ?? "sku-1001"
        let customer = Double.random(in: 0..<1) < declineShare ? "decline-lg-\(sequence)" : "lg-\(sequence)"
        let quantity = Int.random(in: 1...2)
        return #"{"customerID":"\#(customer)","items":[{"productID":"\#(product)","quantity":\#(quantity)}]}"#
    }

    func post(sequence: Int) async -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body(sequence: sequence)))
        do {
            let response = try await http.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 1 << 20)
            guard response.status.code == 202 else { return .failed(kind: "http \(response.status.code)") }
            guard let accepted = try? JSONDecoder().decode(Accepted.self, from: Data(bytes.readableBytesView)) else {
                return .failed(kind: "202 without an orderID")
            }
            return .accepted(orderID: accepted.orderID)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .failed(kind: "timeout")
        } catch {
            return .failed(kind: "transport (\(type(of: error)))")
        }
    }
}
