import Testing

@testable import Inventory

@Suite(.timeLimit(.minutes(1))) struct StockBroadcasterTests {
    func level(_ id: String, reserved: Int64, version: Int64) -> StockLevel {
        StockLevel(productID: id, onHand: 100, reserved: reserved, version: version)
    }

    @Test func publish_slowSubscriber_keepsOnlyTheLatestLevelPerProduct() throws {
        let broadcaster = StockBroadcaster()
        let subscription = try #require(broadcaster.subscribe(productIDs: []))
        for version in 1...1_000 { broadcaster.publish([level("a", reserved: Int64(version % 100), version: Int64(version))]) }
        broadcaster.publish([level("b", reserved: 1, version: 1)])
        #expect(subscription.take() == [level("a", reserved: 0, version: 1_000), level("b", reserved: 1, version: 1)])
        #expect(subscription.take().isEmpty)
    }

    @Test func publish_olderVersionAfterNewer_isDropped() throws {
        let broadcaster = StockBroadcaster()
        let subscription = try #require(broadcaster.subscribe(productIDs: ["a"]))
        broadcaster.publish([level("a", reserved: 2, version: 2)])
        broadcaster.publish([level("a", reserved: 1, version: 1), level("other", reserved: 1, version: 1)])
        #expect(subscription.take() == [level("a", reserved: 2, version: 2)])
    }

    @Test func batches_afterShutdown_endAndNewSubscriptionsEndAtOnce() async throws {
        let broadcaster = StockBroadcaster()
        let subscription = try #require(broadcaster.subscribe(productIDs: []))
        broadcaster.publish([level("a", reserved: 1, version: 1)])
        broadcaster.shutdown()
        var received: [[StockLevel]] = []
        for await batch in subscription.batches { received.append(batch) }
        #expect(received == [[level("a", reserved: 1, version: 1)]])
        #expect(broadcaster.subscriberCount == 0)
        var late = 0
        for await _ in try #require(broadcaster.subscribe(productIDs: [])).batches { late += 1 }
        #expect(late == 0)
    }

    @Test func batches_readerCancelled_ends() async throws {
        let broadcaster = StockBroadcaster()
        let subscription = try #require(broadcaster.subscribe(productIDs: []))
        let reader = Task {
            var count = 0
            for await _ in subscription.batches { count += 1 }
            return count
        }
        reader.cancel()
        _ = await reader.value
        broadcaster.unsubscribe(subscription)
        #expect(broadcaster.subscriberCount == 0)
    }

    @Test func subscribe_atTheMaximum_isRefusedUntilOneLeaves() throws {
        let broadcaster = StockBroadcaster(maximumSubscriptions: 2)
        let first = try #require(broadcaster.subscribe(productIDs: []))
        _ = try #require(broadcaster.subscribe(productIDs: ["a"]))
        #expect(broadcaster.subscribe(productIDs: []) == nil)
        broadcaster.unsubscribe(first)
        #expect(broadcaster.subscribe(productIDs: []) != nil)
    }
}
