import CommerceEvents
import Testing

@testable import Checkout

@Suite struct PriceCacheTests {
    let cache = PriceCache(ttl: .seconds(60))
    let now = ContinuousClock.now

    @Test func prices_allCachedAndFresh_returnsThem() {
        cache.store(["a": .init(unitPriceMinor: 100, currency: "EUR"), "b": .init(unitPriceMinor: 200, currency: "EUR")], group: "standard", now: now)
        #expect(cache.prices(for: ["a", "b"], group: "standard", now: now)?.count == 2)
    }

    @Test func prices_oneMissingOrOtherGroup_returnsNil() {
        cache.store(["a": .init(unitPriceMinor: 100, currency: "EUR")], group: "standard", now: now)
        #expect(cache.prices(for: ["a", "b"], group: "standard", now: now) == nil)
        #expect(cache.prices(for: ["a"], group: "gold", now: now) == nil)
    }

    @Test func prices_olderThanTTL_returnsNil() {
        cache.store(["a": .init(unitPriceMinor: 100, currency: "EUR")], group: "standard", now: now)
        #expect(cache.prices(for: ["a"], group: "standard", now: now + .seconds(61)) == nil)
    }

    @Test func apply_basePriceChange_replacesStandardAndDropsDerivedGroupPrices() {
        cache.store(["a": .init(unitPriceMinor: 100, currency: "EUR")], group: "standard", now: now)
        cache.store(["a": .init(unitPriceMinor: 90, currency: "EUR")], group: "gold", now: now)
        cache.apply(PriceUpdated(productID: "a", customerGroup: nil, unitPriceMinor: 150, currency: "EUR"), now: now)
        #expect(cache.prices(for: ["a"], group: "standard", now: now)?["a"]?.unitPriceMinor == 150)
        #expect(cache.prices(for: ["a"], group: "gold", now: now) == nil)
    }

    @Test func apply_sameEventTwice_hasNoSecondEffect() {
        let event = PriceUpdated(productID: "a", customerGroup: "gold", unitPriceMinor: 80, currency: "EUR")
        cache.apply(event, now: now)
        let once = cache.prices(for: ["a"], group: "gold", now: now)
        cache.apply(event, now: now)
        #expect(cache.prices(for: ["a"], group: "gold", now: now) == once)
        #expect(once?["a"]?.unitPriceMinor == 80)
        #expect(cache.entries.withLock { $0.count } == 1)
    }

    @Test func handlers_registerPriceUpdated() {
        #expect(cache.handlers.registeredTypes == ["price.updated v1"])
    }
}
