import Hummingbird
import ServiceRuntime
import Storage

/// The REST API: `GET /payments/{orderID}` and `POST /payments/{orderID}/refund`; errors as problem details.
struct PaymentRoutes: Sendable {
    let database: any Database
    let refunds: PaymentRefunds

    func register(on router: Router<ServiceRequestContext>) {
        router.get("/payments/:orderID") { request, context -> Response in
            let orderID = try context.parameters.require("orderID")
            guard let payment = try await PaymentStore.payment(orderID: orderID, in: database) else {
                return try ProblemDetails(.notFound, detail: "no payment for order \(orderID)").response(from: request, context: context)
            }
            return try JSONResponse(payment).response(from: request, context: context)
        }
        router.post("/payments/:orderID/refund") { request, context -> Response in
            let orderID = try context.parameters.require("orderID")
            do {
                return try JSONResponse(try await refunds.refund(orderID: orderID)).response(from: request, context: context)
            } catch let refusal as PaymentRefunds.Refusal {
                let status: HTTPResponse.Status = refusal.code == .unknownOrder ? .notFound : .conflict
                return try ProblemDetails(status, detail: refusal.message).response(from: request, context: context)
            } catch let error as GatewayError {
                return try ProblemDetails(.serviceUnavailable, detail: "the payment gateway failed: \(error.message)").response(from: request, context: context)
            }
        }
    }
}
