import Testing

@testable import TelemetryGRPC

@Suite struct GRPCTimeoutTests {
    @Test(arguments: [
        ("1H", Duration.seconds(3600)), ("2M", .seconds(120)), ("3S", .seconds(3)), ("250m", .milliseconds(250)),
        ("7u", .microseconds(7)), ("99999999n", .nanoseconds(99_999_999)),
    ])
    func decode_validValue_givesDuration(_ value: String, _ expected: Duration) {
        #expect(GRPCTimeout.decode(value) == expected)
    }

    @Test(arguments: ["", "S", "10", "1x", "-1S", "123456789S", "1.5S"])
    func decode_malformedValue_givesNil(_ value: String) {
        #expect(GRPCTimeout.decode(value) == nil)
    }

    @Test func encode_subSecondDuration_usesNanoseconds() {
        #expect(GRPCTimeout.encode(.milliseconds(5)) == "5000000n")
    }

    @Test func encode_largeDuration_roundsUpToCoarserUnit() {
        #expect(GRPCTimeout.encode(.milliseconds(1500)) == "1500000u")
        #expect(GRPCTimeout.encode(.seconds(5) + .nanoseconds(1)) == "5000001u")
        #expect(GRPCTimeout.encode(.seconds(3600 * 24 * 365)) == "31536000S")
        #expect(GRPCTimeout.encode(.seconds(315_360_000)) == "5256000M")
    }

    @Test(arguments: [Duration.nanoseconds(1), .milliseconds(3), .seconds(42), .seconds(90_000)])
    func encode_thenDecode_neverShortens(_ duration: Duration) throws {
        let decoded = try #require(GRPCTimeout.decode(GRPCTimeout.encode(duration)))
        #expect(decoded >= duration)
    }
}
