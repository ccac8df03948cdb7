import CommerceEvents
import Messaging
import ServiceTesting
import Storage
import Testing
import Tracing

@testable import Pricing

/// Price resolution and price changes against the real databases, with the seeded demo data.
@Suite struct PriceBookTests {
    func withBook(_ backend: TestBackend, _ body: @Sendable (PriceBook, any Database) async throws -> Void) async throws {
        try await ServiceTestDatabase.with(backend, migrations: PricingSchema.migrations, component: "pricing") { database in
            try await body(PriceBook(database: database, outbox: EventOutbox(source: "pricing", tracer: NoOpTracer())), database)
        }
    }

    @Test(arguments: TestBackend.available)
    func quotes_standardGoldAndGroupPrice_resolveBaseRuleAndGroupPrice(backend: TestBackend) async throws {
        try await withBook(backend) { book, _ in
            let standard = try await book.quotes(productIDs: ["sku-1001", "sku-1002"], customerGroup: "")
            #expect(standard.quotes.map(\.unitPriceMinor) == [2490, 3999])
            #expect(standard.quotes.allSatisfy { $0.currency == "EUR" && $0.ruleID == nil && $0.customerGroup == "standard" })

            let gold = try await book.quotes(productIDs: ["sku-1001", "sku-1003"], customerGroup: "gold")
            #expect(gold.quotes.map(\.unitPriceMinor) == [2241, 1080])
            #expect(gold.quotes.map(\.ruleID) == ["gold-10", "gold-10"])

            let wholesale = try await book.quotes(productIDs: ["sku-1001", "sku-1003"], customerGroup: "wholesale")
            #expect(wholesale.quotes.map(\.unitPriceMinor) == [1990, 1200], "the group price where one exists, else the base price")
            #expect(wholesale.quotes.map(\.basePriceMinor) == [2490, 1200])
        }
    }

    @Test(arguments: TestBackend.available)
    func quotes_unknownProducts_areListedApartInTheAskedOrder(backend: TestBackend) async throws {
        try await withBook(backend) { book, _ in
            let result = try await book.quotes(productIDs: ["sku-9999", "sku-1020", "nope"], customerGroup: "standard")
            #expect(result.quotes.map(\.productID) == ["sku-1020"])
            #expect(result.unknown == ["sku-9999", "nope"])
        }
    }

    @Test(arguments: TestBackend.available)
    func setPrice_groupPrice_changesTheQuoteAndEnqueuesPriceUpdatedInTheOutbox(backend: TestBackend) async throws {
        try await withBook(backend) { book, database in
            let event = try await book.setPrice(productID: "sku-1002", customerGroup: "gold", unitPriceMinor: 3000)
            #expect(event == PriceUpdated(productID: "sku-1002", customerGroup: "gold", unitPriceMinor: 3000, currency: "EUR"))
            let gold = try await book.quotes(productIDs: ["sku-1002"], customerGroup: "gold")
            #expect(gold.quotes.first?.unitPriceMinor == 2700, "the gold rule applies on top of the gold group price")
            _ = try await book.setPrice(productID: "sku-1002", customerGroup: "gold", unitPriceMinor: 3100)
            #expect(try await book.quotes(productIDs: ["sku-1002"], customerGroup: "gold").quotes.first?.unitPriceMinor == 2790)

            let events = try await outboxEvents(database)
            #expect(events.map(\.type) == ["price.updated", "price.updated"])
            #expect(events.first?.payload.contains("\"unitPriceMinor\":3000") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func setPrice_basePrice_changesStandardAndRulePrices(backend: TestBackend) async throws {
        try await withBook(backend) { book, database in
            _ = try await book.setPrice(productID: "sku-1003", customerGroup: nil, unitPriceMinor: 1000)
            #expect(try await book.quotes(productIDs: ["sku-1003"], customerGroup: "standard").quotes.first?.unitPriceMinor == 1000)
            #expect(try await book.quotes(productIDs: ["sku-1003"], customerGroup: "gold").quotes.first?.unitPriceMinor == 900)
            #expect(try await outboxEvents(database).count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func setPrice_unknownProduct_returnsNilAndWritesNothing(backend: TestBackend) async throws {
        try await withBook(backend) { book, database in
            #expect(try await book.setPrice(productID: "sku-0000", customerGroup: "gold", unitPriceMinor: 100) == nil)
            #expect(try await outboxEvents(database).isEmpty)
            let rows = try await database.query("SELECT count(*) AS n FROM group_prices WHERE product_id = 'sku-0000'")
            #expect(try rows.first?.integer("n") == 0)
        }
    }

    @Test func seed_demoProducts_haveBasePricesForAllTwenty() async throws {
        try await withBook(.sqlite) { book, _ in
            let ids = (1001...1020).map { "sku-\($0)" }
            let result = try await book.quotes(productIDs: ids, customerGroup: "standard")
            #expect(result.unknown.isEmpty)
            #expect(result.quotes.count == 20)
        }
    }
}
