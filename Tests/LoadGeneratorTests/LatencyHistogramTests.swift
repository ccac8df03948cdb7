import Testing

@testable import LoadGenerator

@Suite struct LatencyHistogramTests {
    @Test func percentiles_ofAThousandValues_areWithinTheHistogramsPrecision() {
        var histogram = LatencyHistogram()
        for millisecond in 1...1000 { histogram.record(.milliseconds(millisecond)) }
        let summary = histogram.summary
        #expect(summary.count == 1000)
        #expect(abs(summary.p50 - 500) <= 0.5)
        #expect(abs(summary.p90 - 900) <= 1)
        #expect(abs(summary.p99 - 990) <= 1)
        #expect(abs(summary.max - 1000) <= 1)
    }

    @Test func outOfRange_values_areClampedNotLost() {
        var histogram = LatencyHistogram()
        histogram.record(.zero)
        histogram.record(.seconds(3600))
        #expect(histogram.count == 2)
        #expect(histogram.summary.max >= 299_000)
    }

    @Test func empty_summary_isZeros() {
        #expect(LatencyHistogram().summary.count == 0)
        #expect(LatencyHistogram().summary.p99 == 0)
    }
}
