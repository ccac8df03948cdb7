import TelemetryCore
import Testing

private let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
private let parentID = "00f067aa0ba902b7"
private let valid = "00-\(traceID)-\(parentID)-01"

@Suite struct TraceParentTests {
    @Test func init_validValue_readsEveryField() throws {
        let parent = try #require(TraceParent(valid))
        #expect(parent.traceID == TraceID(high: 0x4bf9_2f35_77b3_4da6, low: 0xa3ce_929d_0e0e_4736))
        #expect(parent.parentID == SpanID(0x00f0_67aa_0ba9_02b7))
        #expect(parent.flags == .sampled)
    }

    @Test func init_surroundingSpacesAndTabs_areTrimmed() {
        #expect(TraceParent(" \t\(valid) \t") == TraceParent(valid))
    }

    @Test func init_substring_parses() {
        let text = "header: \(valid)"
        #expect(TraceParent(text.dropFirst(8)) == TraceParent(valid))
    }

    @Test(arguments: [
        ("version ff", "ff-\(traceID)-\(parentID)-01"),
        ("upper-case trace id", "00-\(traceID.uppercased())-\(parentID)-01"),
        ("upper-case parent id", "00-\(traceID)-\(parentID.uppercased())-01"),
        ("upper-case flags", "00-\(traceID)-\(parentID)-0A"),
        ("non-hex trace id", "00-4bf92f3577b34da6a3ce929d0e0e473g-\(parentID)-01"),
        ("non-hex parent id", "00-\(traceID)-00f067aa0ba902bx-01"),
        ("non-hex version", "0g-\(traceID)-\(parentID)-01"),
        ("all-zero trace id", "00-00000000000000000000000000000000-\(parentID)-01"),
        ("all-zero parent id", "00-\(traceID)-0000000000000000-01"),
        ("too short", String(valid.dropLast())),
        ("too long for version 00", valid + "0"),
        ("extra field for version 00", valid + "-00"),
        ("wrong delimiter", "00-\(traceID)_\(parentID)-01"),
        ("future version, 56th character not a dash", "01-\(traceID)-\(parentID)-01x"),
        ("empty", ""),
        ("only whitespace", " \t "),
    ])
    func init_invalidValue_isNil(_ reason: String, _ value: String) {
        #expect(TraceParent(value) == nil, "\(reason)")
    }

    @Test func init_futureVersionWithMoreFields_parsesTheFirstFiftyFiveCharacters() throws {
        let parent = try #require(TraceParent("cc-\(traceID)-\(parentID)-03-what-the-future-holds"))
        #expect(parent.traceID.description == traceID)
        #expect(parent.parentID.description == parentID)
        #expect(parent.flags == [.sampled, .random])
    }

    @Test func init_unknownFlagBits_areKeptWhenParsed() throws {
        let parent = try #require(TraceParent("00-\(traceID)-\(parentID)-09"))
        #expect(parent.flags.rawValue == 0x09)
    }

    @Test func headerValue_anyParent_isVersion00AndRoundTrips() throws {
        let parent = try #require(TraceParent("cc-\(traceID)-\(parentID)-03-more"))
        #expect(parent.headerValue == "00-\(traceID)-\(parentID)-03")
        #expect(TraceParent(parent.headerValue) == parent)
    }

    @Test func headerValue_undefinedFlagBits_areCleared() {
        let parent = TraceParent(traceID: TraceID(high: 1, low: 2), parentID: SpanID(3), flags: TraceFlags(rawValue: 0xFD))
        #expect(parent.headerValue == "00-00000000000000010000000000000002-0000000000000003-01")
    }
}
