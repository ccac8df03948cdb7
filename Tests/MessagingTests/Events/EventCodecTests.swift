import Foundation
import Messaging
import Testing

@Suite struct EventCodecTests {
    struct OrderCreated: Event, Equatable {
        static let type = "checkout.order.created"
        static let version = 1
        var orderID: String
        var total: Int
    }

    let codec = EventCodec()

    @Test func encode_thenDecode_givesTheSameEnvelope() throws {
        let time = Date(timeIntervalSince1970: 1_795_000_000.125)
        let envelope = EventEnvelope(OrderCreated(orderID: "o-1", total: 4200), source: "checkout", id: "e-1", time: time)

        let decoded = try codec.decode(OrderCreated.self, from: try codec.encode(envelope))

        #expect(decoded.id == "e-1")
        #expect(decoded.type == "checkout.order.created")
        #expect(decoded.version == 1)
        #expect(decoded.source == "checkout")
        #expect(abs(decoded.time.timeIntervalSince(time)) < 0.001)
        #expect(decoded.data == OrderCreated(orderID: "o-1", total: 4200))
    }

    @Test func encode_writesTheDocumentedJSONShape() throws {
        let envelope = EventEnvelope(
            OrderCreated(orderID: "o-1", total: 1), source: "checkout", id: "e-1", time: Date(timeIntervalSince1970: 0))
        let json = String(decoding: try codec.encode(envelope), as: UTF8.self)

        #expect(json == #"{"data":{"orderID":"o-1","total":1},"id":"e-1","source":"checkout","specversion":1,"time":"1970-01-01T00:00:00.000Z","type":"checkout.order.created","version":1}"#)
    }

    @Test func header_readsAnEnvelopeWithoutKnowingItsType() throws {
        let bytes = Array(#"{"specversion":1,"id":"e-9","type":"x.unknown","version":3,"source":"s","time":"2026-11-24T21:00:00Z","data":{}}"#.utf8)

        let header = try codec.header(of: bytes)

        #expect(header.id == "e-9")
        #expect(header.type == "x.unknown")
        #expect(header.version == 3)
    }

    @Test(arguments: [
        ("not json", EnvelopeError.Code.malformed),
        (#"{"specversion":1,"type":"t","version":1,"source":"s","time":"2026-11-24T21:00:00Z","data":{}}"#, .malformed),
        (#"{"specversion":1,"id":"","type":"t","version":1,"source":"s","time":"2026-11-24T21:00:00Z","data":{}}"#, .malformed),
        (#"{"specversion":1,"id":"e","type":"t","version":1,"source":"s","time":"yesterday","data":{}}"#, .malformed),
        (#"{"specversion":1,"id":7,"type":"t","version":1,"source":"s","time":"2026-11-24T21:00:00Z","data":{}}"#, .malformed),
        (#"{"specversion":2,"id":"e","type":"t","version":1,"source":"s","time":"2026-11-24T21:00:00Z","data":{}}"#, .unsupportedSpecVersion),
    ])
    func header_ofABrokenEnvelope_namesTheReason(text: String, code: EnvelopeError.Code) {
        #expect(throws: EnvelopeError.self) { try codec.header(of: Array(text.utf8)) }
        do {
            _ = try codec.header(of: Array(text.utf8))
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test func header_ofAMissingField_namesTheField() {
        let bytes = Array(#"{"specversion":1,"id":"e","version":1,"source":"s","time":"2026-11-24T21:00:00Z","data":{}}"#.utf8)
        #expect(throws: EnvelopeError(.malformed, "missing field type")) { try codec.header(of: bytes) }
    }

    @Test func decode_ofAnotherTypeOrVersion_isUnknownType() throws {
        var envelope = EventEnvelope(OrderCreated(orderID: "o", total: 1), source: "s")
        envelope.version = 2
        let bytes = try codec.encode(envelope)

        #expect(throws: EnvelopeError.self) { try codec.decode(OrderCreated.self, from: bytes) }
        do {
            _ = try codec.decode(OrderCreated.self, from: bytes)
        } catch {
            #expect(error.code == .unknownType)
        }
    }

    @Test func decode_ofAPayloadNotMatchingTheSchema_isInvalidPayload() {
        let bytes = Array(#"{"specversion":1,"id":"e","type":"checkout.order.created","version":1,"source":"s","time":"2026-11-24T21:00:00Z","data":{"orderID":5}}"#.utf8)
        do {
            _ = try codec.decode(OrderCreated.self, from: bytes)
            Issue.record("decoded a payload with the wrong schema")
        } catch {
            #expect(error.code == .invalidPayload)
        }
    }

    @Test func headerAndEncode_beyondTheBound_areOversized() throws {
        let small = EventCodec(maxBytes: 64)
        let envelope = EventEnvelope(OrderCreated(orderID: String(repeating: "x", count: 100), total: 1), source: "s")

        #expect(throws: EnvelopeError.self) { try small.encode(envelope) }
        let bytes = try codec.encode(envelope)
        do {
            _ = try small.header(of: bytes)
            Issue.record("accepted an oversized message")
        } catch {
            #expect(error.code == .oversized)
        }
    }
}
