import CoreMetrics
import Prometheus
import Testing
@testable import TelemetryPrometheus

@Suite struct OpenMetricsTranscoderTests {
    private func transcode(_ text: String, exemplars: [String: ExemplarIndex.Family] = [:]) -> String {
        var output: [UInt8] = []
        OpenMetricsTranscoder(exemplars: exemplars).transcode(Array(text.utf8), into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test func counterFamily_withTotalSuffix_typeAndHelpNamedWithoutIt() {
        let output = transcode(
            """
            # HELP orders_total Orders placed.
            # TYPE orders_total counter
            orders_total{region="eu"} 3
            orders_total{region="us"} 4

            """
        )
        #expect(
            output == """
                # HELP orders Orders placed.
                # TYPE orders counter
                orders_total{region="eu"} 3
                orders_total{region="us"} 4
                # EOF

                """
        )
    }

    @Test func counterFamily_withoutTotalSuffix_samplesGetIt() {
        let output = transcode("# TYPE retries counter\nretries 2\nretries{op=\"get\"} 1\n")
        #expect(output == "# TYPE retries counter\nretries_total 2\nretries_total{op=\"get\"} 1\n# EOF\n")
    }

    @Test func gaugeNamedTotal_notACounter_unchanged() {
        let output = transcode("# HELP x_total A gauge.\n# TYPE x_total gauge\nx_total 1.0\n")
        #expect(output == "# HELP x_total A gauge.\n# TYPE x_total gauge\nx_total 1.0\n# EOF\n")
    }

    @Test func helpWithQuote_escaped() {
        let output = transcode("# HELP g Say \"hi\" \\\\ there.\n# TYPE g gauge\ng 1\n")
        #expect(output.hasPrefix(#"# HELP g Say \"hi\" \\ there."# + "\n"))
    }

    @Test func infiniteAndNaNValues_spelledAsOpenMetrics() {
        let output = transcode("# TYPE g gauge\ng{a=\"1\"} inf\ng{a=\"2\"} -inf\ng{a=\"3\"} nan\ng{a=\"4\"} 1e+21\n")
        #expect(output == "# TYPE g gauge\ng{a=\"1\"} +Inf\ng{a=\"2\"} -Inf\ng{a=\"3\"} NaN\ng{a=\"4\"} 1e+21\n# EOF\n")
    }

    @Test func otherComments_dropped() {
        #expect(transcode("# a comment\n# TYPE g gauge\ng 1\n") == "# TYPE g gauge\ng 1\n# EOF\n")
    }

    @Test func emptyExposition_onlyEOF() {
        #expect(transcode("") == "# EOF\n")
    }

    @Test func histogram_unlabelledSeriesWithExemplar_appendedToItsBucket() {
        let reservoir = ExemplarReservoir(bucketCount: 3)
        let exemplar = Exemplar(
            traceID: InMemorySpan.sampled.traceID, spanID: InMemorySpan.sampled.spanID,
            value: 0.5, unixNanoseconds: 1_000_000_000_007_000_000
        )
        reservoir.store(exemplar, inBucket: 1)

        let output = transcode(
            """
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.1"} 0
            latency_seconds_bucket{le="1.0"} 1
            latency_seconds_bucket{le="+Inf"} 1
            latency_seconds_sum 0.5
            latency_seconds_count 1

            """,
            exemplars: ["latency_seconds": [[]: reservoir]]
        )
        #expect(
            output == """
                # TYPE latency_seconds histogram
                latency_seconds_bucket{le="0.1"} 0
                latency_seconds_bucket{le="1.0"} 1 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"} 0.5 1000000000.007
                latency_seconds_bucket{le="+Inf"} 1
                latency_seconds_sum 0.5
                latency_seconds_count 1
                # EOF

                """
        )
    }

    @Test func backendRender_kitInstruments_validOpenMetricsStructure() throws {
        let backend = PrometheusMetricsBackend(spanIdentity: InMemorySpan.lookup, unixNanoseconds: InMemorySpan.now)
        for route in ["/items", "/items/{id}"] {
            let timer = CoreMetrics.Timer(
                label: "http_server_request_duration_seconds",
                dimensions: [("http_request_method", "GET"), ("http_route", route)],
                factory: backend
            )
            InMemorySpan.within(InMemorySpan.sampled) { timer.recordNanoseconds(12_000_000) }
        }
        CoreMetrics.Counter(label: "otel_sdk_span_dropped", factory: backend).increment()
        CoreMetrics.Counter(label: "hb.requests", dimensions: [("status", "200")], factory: backend).increment()
        Meter(label: "http_server_active_requests", factory: backend).set(2)
        backend.registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "raw", unitName: "", helpText: "Raw."))
            .increment()

        let exposition = Exposition(backend, .openMetrics)
        let lines = exposition.lines

        #expect(exposition.text.hasSuffix("\n# EOF\n"))
        #expect(lines.filter { $0 == "# EOF" }.count == 1)
        // Counter families are named without `_total`; their samples carry it.
        let counterFamilies = lines.filter { $0.hasPrefix("# TYPE ") && $0.hasSuffix(" counter") }
            .map { $0.dropFirst(7).dropLast(8) }
        #expect(Set(counterFamilies) == ["otel_sdk_span_dropped", "hb_requests", "raw", "process_cpu_seconds"])
        for family in counterFamilies {
            #expect(!family.hasSuffix("_total"))
            #expect(lines.contains { $0.hasPrefix("# HELP \(family) ") })
            #expect(!lines.contains { $0.hasPrefix("# HELP \(family)_total") })
            let samples = lines.filter { !$0.hasPrefix("#") && ($0.hasPrefix("\(family){") || $0.hasPrefix("\(family) ") || $0.hasPrefix("\(family)_")) }
            #expect(!samples.isEmpty)
            #expect(samples.allSatisfy { $0.hasPrefix("\(family)_total") })
        }
        // Every exemplar is well-formed and sits on a `_bucket` line.
        let exemplar = #/ # \{trace_id="[0-9a-f]{32}",span_id="[0-9a-f]{16}"\} [0-9][0-9.e+-]* [0-9]+\.[0-9]{3}$/#
        #expect(exposition.exemplarLines.count == 2)
        for line in exposition.exemplarLines {
            #expect(line.contains(exemplar))
            #expect(line.hasPrefix("http_server_request_duration_seconds_bucket{"))
            #expect(line.contains(#",le="0.025"} 1 # "#))
        }
        // Every line is metadata or a sample: `name[{labels}] value[ # exemplar]`.
        let sample = #/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? (\+Inf|-Inf|NaN|-?[0-9][0-9.e+-]*)( # \{.*)?$/#
        for line in lines where !line.hasPrefix("# HELP ") && !line.hasPrefix("# TYPE ") && line != "# EOF" {
            #expect(line.wholeMatch(of: sample) != nil, "\(line)")
        }
    }
}
