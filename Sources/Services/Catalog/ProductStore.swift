/// The catalogue's products, held in memory (Catalog is read-only in this slice).
struct ProductStore: Sendable {
    let products: [String: Product]

    func product(id: String) -> Product? { products[id] }

    var all: [Product] { products.values.sorted { $0.id < $1.id } }

    static func seeded() -> ProductStore {
        let seed = [
            Product(id: "sku-1001", name: "Espresso beans 1 kg", priceCents: 2490, currency: "EUR"),
            Product(id: "sku-1002", name: "Milk frother", priceCents: 3999, currency: "EUR"),
            Product(id: "sku-1003", name: "Ceramic cup", priceCents: 1200, currency: "EUR"),
        ]
        return ProductStore(products: Dictionary(uniqueKeysWithValues: seed.map { ($0.id, $0) }))
    }
}
