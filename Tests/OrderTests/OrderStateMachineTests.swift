import Testing

@testable import Order

/// Every (state, input) pair of the order lifecycle, against the documented table.
@Suite struct OrderStateMachineTests {
    static let states: [OrderState?] = [nil, .created, .reserved, .paid, .confirmed, .failed(reason: "declined"), .failed(reason: "insufficient_stock")]
    static let inputs: [OrderInput] = [
        .orderCreated, .inventoryReserved, .reservationFailed(reason: "insufficient_stock"), .paymentCompleted,
        .paymentFailed(reason: "declined"), .inventoryReleased,
    ]

    /// The expected decision of every pair; a pair missing here fails the exhaustive test.
    static func expected(_ state: OrderState?, _ input: OrderInput) -> OrderDecision? {
        let failStock: [OrderEffect] = [.publishFailed(reason: "insufficient_stock"), .notifyCustomer(reason: "insufficient_stock")]
        let failPayment: [OrderEffect] = [
            .requestRelease(reason: "payment_declined"), .publishFailed(reason: "declined"), .notifyCustomer(reason: "declined"),
        ]
        switch (state, input) {
        case (nil, .orderCreated): return .advance(through: [.created], effects: [])
        case (nil, _): return .retryLater
        case (.created, .orderCreated): return .ignore(.duplicate)
        case (.created, .inventoryReserved): return .advance(through: [.reserved], effects: [])
        case (.created, .reservationFailed): return .advance(through: [.failed(reason: "insufficient_stock")], effects: failStock)
        case (.created, .paymentCompleted), (.created, .paymentFailed): return .retryLater
        case (.created, .inventoryReleased): return .ignore(.outOfSequence)
        case (.reserved, .orderCreated), (.reserved, .inventoryReserved): return .ignore(.duplicate)
        case (.reserved, .reservationFailed), (.reserved, .inventoryReleased): return .ignore(.outOfSequence)
        case (.reserved, .paymentCompleted): return .advance(through: [.paid, .confirmed], effects: [.publishConfirmed])
        case (.reserved, .paymentFailed): return .advance(through: [.failed(reason: "declined")], effects: failPayment)
        case (.paid, .orderCreated), (.paid, .inventoryReserved), (.paid, .paymentCompleted): return .ignore(.duplicate)
        case (.confirmed, .orderCreated), (.confirmed, .inventoryReserved), (.confirmed, .paymentCompleted): return .ignore(.duplicate)
        case (.paid, _), (.confirmed, _): return .ignore(.outOfSequence)
        case (.failed, .orderCreated), (.failed, .reservationFailed), (.failed, .paymentFailed): return .ignore(.duplicate)
        case (.failed, .inventoryReserved), (.failed, .paymentCompleted): return .ignore(.outOfSequence)
        case (.failed, .inventoryReleased): return .note
        }
    }

    @Test func everyStateAndInput_decided_matchesTheTable() {
        var pairs = 0
        for state in Self.states {
            for input in Self.inputs {
                #expect(OrderStateMachine.decide(state, input) == Self.expected(state, input), "state \(String(describing: state)), input \(input)")
                pairs += 1
            }
        }
        #expect(pairs == 42)
    }

    @Test func happyPath_inOrder_endsConfirmedWithOneConfirmation() {
        let (state, effects) = Self.run([.orderCreated, .inventoryReserved, .paymentCompleted])
        #expect(state == .confirmed)
        #expect(effects == [.publishConfirmed])
    }

    @Test func declinedPayment_afterReservation_failsAndCompensatesOnce() {
        let (state, effects) = Self.run([.orderCreated, .inventoryReserved, .paymentFailed(reason: "declined"), .inventoryReleased])
        #expect(state == .failed(reason: "declined"))
        #expect(effects == [.requestRelease(reason: "payment_declined"), .publishFailed(reason: "declined"), .notifyCustomer(reason: "declined")])
    }

    @Test func reservationFailure_fails_withoutRelease() {
        let (state, effects) = Self.run([.orderCreated, .reservationFailed(reason: "insufficient_stock")])
        #expect(state == .failed(reason: "insufficient_stock"))
        #expect(!effects.contains { if case .requestRelease = $0 { true } else { false } })
    }

    @Test func everyInput_deliveredTwice_secondHasNoEffect() {
        let paths: [[OrderInput]] = [
            [.orderCreated, .inventoryReserved, .paymentCompleted],
            [.orderCreated, .inventoryReserved, .paymentFailed(reason: "declined")],
            [.orderCreated, .reservationFailed(reason: "insufficient_stock")],
        ]
        for path in paths {
            for (index, input) in path.enumerated() {
                let (state, _) = Self.run(Array(path[...index]))
                guard case .ignore = OrderStateMachine.decide(state, input) else {
                    Issue.record("\(input) twice in \(path) was not ignored")
                    continue
                }
            }
        }
    }

    @Test func eventsAheadOfTheirPredecessor_retryLater_thenApplyInOrder() {
        #expect(OrderStateMachine.decide(nil, .inventoryReserved) == .retryLater)
        #expect(OrderStateMachine.decide(.created, .paymentCompleted) == .retryLater)
        #expect(OrderStateMachine.decide(.created, .paymentFailed(reason: "declined")) == .retryLater)
        // After the predecessors arrive, the retried events apply as if in order.
        let (state, effects) = Self.run([.orderCreated, .inventoryReserved, .paymentCompleted])
        #expect(state == .confirmed && effects == [.publishConfirmed])
    }

    @Test func contradictingEvent_afterAnEnd_isIgnored() {
        #expect(OrderStateMachine.decide(.confirmed, .paymentFailed(reason: "declined")) == .ignore(.outOfSequence))
        #expect(OrderStateMachine.decide(.failed(reason: "declined"), .paymentCompleted) == .ignore(.outOfSequence))
    }

    /// Runs `inputs` from no order; returns the final state and every effect (retries and ignores skipped).
    static func run(_ inputs: [OrderInput]) -> (OrderState?, [OrderEffect]) {
        var state: OrderState?
        var effects: [OrderEffect] = []
        for input in inputs {
            if case .advance(let path, let more) = OrderStateMachine.decide(state, input) {
                state = path.last
                effects += more
            }
        }
        return (state, effects)
    }
}
