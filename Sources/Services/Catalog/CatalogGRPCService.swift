import GRPCCore
import ServiceRuntime

/// `commerce.catalog.v1.Catalog` over gRPC, JSON-encoded messages (the protobuf contracts arrive with the checkout slice).
struct CatalogGRPCService: RegistrableRPCService {
    static let getProduct = MethodDescriptor(fullyQualifiedService: "commerce.catalog.v1.Catalog", method: "GetProduct")

    struct GetProductRequest: Codable, Sendable { var id: String }

    let store: ProductStore

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.getProduct,
            deserializer: JSONMessageCoder<GetProductRequest>(),
            serializer: JSONMessageCoder<Product>()
        ) { request, _ in
            let message = try await request.messages.reduce(into: [GetProductRequest]()) { $0.append($1) }
            guard let id = message.first?.id else { throw RPCError(code: .invalidArgument, message: "expected one request message") }
            guard let product = try await store.product(id: id) else { throw RPCError(code: .notFound, message: "no product with id \(id)") }
            return StreamingServerResponse(single: ServerResponse(message: product))
        }
    }
}
