import CoreMetrics
import Testing
@testable import TelemetryPrometheus

@Suite struct PrometheusMetricsBackendTests {
    let backend = PrometheusMetricsBackend(
        exposesProcessMetrics: false,
        spanIdentity: InMemorySpan.lookup,
        unixNanoseconds: InMemorySpan.now
    )
    let httpServer = "http_server_request_duration_seconds"
    let getItem = #"http_request_method="GET",http_route="/items/{id}""#

    private func timer(_ dimensions: [(String, String)]? = nil) -> CoreMetrics.Timer {
        CoreMetrics.Timer(
            label: httpServer,
            dimensions: dimensions ?? [("http_request_method", "GET"), ("http_route", "/items/{id}")],
            factory: backend
        )
    }

    // MARK: Exemplars

    @Test func timer_sampledSpan_exemplarOnSmallestContainingBucket() {
        InMemorySpan.within(InMemorySpan.sampled) { timer().recordNanoseconds(30_000_000) }

        let exposition = Exposition(backend, .openMetrics)
        #expect(exposition.exemplarLines == [
            #"http_server_request_duration_seconds_bucket{\#(getItem),le="0.05"} 1"#
                + #" # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"} 0.03 1767225600.123"#
        ])
    }

    @Test func timer_unsampledSpan_noExemplar() {
        InMemorySpan.within(InMemorySpan.unsampled) { timer().recordNanoseconds(30_000_000) }

        let exposition = Exposition(backend, .openMetrics)
        #expect(exposition.exemplarLines.isEmpty)
        #expect(exposition.line(startingWith: #"\#(httpServer)_count{\#(getItem)}"#) != nil)
    }

    @Test func timer_outsideAnySpan_noExemplar() {
        timer().recordNanoseconds(30_000_000)

        #expect(Exposition(backend, .openMetrics).exemplarLines.isEmpty)
    }

    @Test func timer_noSpanIdentity_recordsWithoutExemplars() {
        let plain = PrometheusMetricsBackend(exposesProcessMetrics: false)
        InMemorySpan.within(InMemorySpan.sampled) {
            CoreMetrics.Timer(label: httpServer, factory: plain).recordNanoseconds(30_000_000)
        }

        let exposition = Exposition(plain, .openMetrics)
        #expect(exposition.exemplarLines.isEmpty)
        #expect(exposition.line(startingWith: "\(httpServer)_count") == "\(httpServer)_count 1")
    }

    @Test func timer_twoSampledSpansInOneBucket_latestWins() {
        InMemorySpan.within(InMemorySpan.sampled) { timer().recordNanoseconds(30_000_000) }
        InMemorySpan.within(InMemorySpan.otherSampled) { timer().recordNanoseconds(40_000_000) }
        InMemorySpan.within(InMemorySpan.unsampled) { timer().recordNanoseconds(45_000_000) }

        let lines = Exposition(backend, .openMetrics).exemplarLines
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix(#"\#(httpServer)_bucket{\#(getItem),le="0.05"} 3 # "#) == true)
        #expect(lines.first?.contains(#"span_id="b7ad6b7169203331"} 0.04 "#) == true)
    }

    @Test func timer_observationsInSeveralBuckets_oneExemplarPerBucket() {
        InMemorySpan.within(InMemorySpan.sampled) {
            timer().recordNanoseconds(3_000_000)
            timer().recordNanoseconds(1_000_000_000)
            timer().recordNanoseconds(20_000_000_000)
        }

        let lines = Exposition(backend, .openMetrics).exemplarLines
        #expect(lines.map { $0.split(separator: "} ").first ?? "" } == [
            #"\#(httpServer)_bucket{\#(getItem),le="0.005""#,
            #"\#(httpServer)_bucket{\#(getItem),le="1.0""#,
            #"\#(httpServer)_bucket{\#(getItem),le="+Inf""#,
        ])
        #expect(lines.map { $0.split(separator: " ").dropLast().last } == ["0.003", "1", "20"])
    }

    @Test func timer_severalSeries_exemplarsStayWithTheirSeries() {
        InMemorySpan.within(InMemorySpan.sampled) {
            timer([("http_request_method", "GET"), ("http_route", "/a")]).recordNanoseconds(8_000_000)
        }
        InMemorySpan.within(InMemorySpan.otherSampled) {
            timer([("http_request_method", "GET"), ("http_route", "/b")]).recordNanoseconds(8_000_000)
        }
        timer([("http_request_method", "GET"), ("http_route", "/c")]).recordNanoseconds(8_000_000)

        let lines = Exposition(backend, .openMetrics).exemplarLines
        #expect(lines.count == 2)
        #expect(lines.contains { $0.contains(#"http_route="/a",le="0.01"} 1 # {trace_id="4bf92f35"#) })
        #expect(lines.contains { $0.contains(#"http_route="/b",le="0.01"} 1 # {trace_id="0af76519"#) })
    }

    @Test func timer_labelValueNeedingEscapes_exemplarStillFound() {
        InMemorySpan.within(InMemorySpan.sampled) {
            timer([("http_route", "/say/\"hi\"\\le=\"1\"")]).recordNanoseconds(8_000_000)
        }

        let lines = Exposition(backend, .openMetrics).exemplarLines
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix(#"\#(httpServer)_bucket{http_route="/say/\"hi\"\\le=\"1\"",le="0.01"} 1 # "#) == true)
    }

    @Test func aggregatingRecorder_sampledSpan_exemplarOnValueBucket() {
        let recorder = Recorder(label: "payload_bytes", dimensions: [("topic", "orders")], aggregate: true, factory: backend)
        InMemorySpan.within(InMemorySpan.sampled) { recorder.record(300) }

        #expect(Exposition(backend, .openMetrics).exemplarLines == [
            #"payload_bytes_bucket{topic="orders",le="500.0"} 1"#
                + #" # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"} 300 1767225600.123"#
        ])
    }

    @Test func destroyedTimer_recreated_startsWithoutOldExemplars() {
        let old = timer()
        InMemorySpan.within(InMemorySpan.sampled) { old.recordNanoseconds(30_000_000) }
        old.destroy()
        timer().recordNanoseconds(30_000_000)

        let exposition = Exposition(backend, .openMetrics)
        #expect(exposition.exemplarLines.isEmpty)
        #expect(exposition.line(startingWith: #"\#(httpServer)_count{\#(getItem)}"#) == #"\#(httpServer)_count{\#(getItem)} 1"#)
    }

    @Test func prometheusText_sampledSpan_noExemplars() {
        InMemorySpan.within(InMemorySpan.sampled) { timer().recordNanoseconds(30_000_000) }

        let exposition = Exposition(backend, .prometheusText)
        #expect(!exposition.text.contains("#{") && !exposition.text.contains(" # "))
        #expect(exposition.line(startingWith: #"\#(httpServer)_bucket{\#(getItem),le="0.05"}"#) != nil)
    }

    // MARK: Names, help and buckets

    @Test func kitInstruments_registered_helpFromCatalog() {
        _ = timer()
        _ = Meter(label: "http_server_active_requests", factory: backend)
        _ = Counter(label: "otel_sdk_span_dropped", factory: backend)

        let lines = Exposition(backend, .prometheusText).lines
        #expect(lines.contains("# HELP http_server_request_duration_seconds Duration of HTTP server requests."))
        #expect(lines.contains("# HELP http_server_active_requests Number of active HTTP server requests."))
        #expect(lines.contains("# HELP otel_sdk_span_dropped_total \(MetricHelp.semanticConventions["otel_sdk_span_dropped_total"])"))
    }

    @Test func unknownInstrument_registered_fallbackHelp() {
        _ = Meter(label: "queue_depth", factory: backend)

        #expect(Exposition(backend, .prometheusText).lines.contains("# HELP queue_depth \(MetricHelp.defaultFallback)"))
    }

    @Test func otelStyleLabels_registered_prometheusNames() {
        Counter(label: "hb.requests", dimensions: [("http.request.method", "GET")], factory: backend).increment()
        CoreMetrics.Timer(label: "rpc.server.call.duration", factory: backend).recordNanoseconds(1)
        FloatingPointCounter(label: "bytes_sent_total", factory: backend).increment(by: 1.5)

        let lines = Exposition(backend, .prometheusText).lines
        #expect(lines.contains(#"hb_requests_total{http_request_method="GET"} 1"#))
        #expect(lines.contains("# TYPE rpc_server_call_duration_seconds histogram"))
        #expect(lines.contains("# HELP rpc_server_call_duration_seconds Duration of RPC calls handled by the server."))
        #expect(lines.contains("bytes_sent_total 1.5"))
    }

    @Test func timer_defaultBuckets_otelLatencyBoundaries() {
        timer().recordNanoseconds(1)

        let bounds = Exposition(backend, .prometheusText).lines
            .filter { $0.hasPrefix("\(httpServer)_bucket") }
            .map { $0.split(separator: "le=\"").last!.prefix { $0 != "\"" } }
        #expect(bounds == [
            "0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75",
            "1.0", "2.5", "5.0", "7.5", "10.0", "+Inf",
        ])
    }

    @Test func recorderNamedInSeconds_aggregating_latencyBuckets() {
        Recorder(label: "db_query_duration_seconds", aggregate: true, factory: backend).record(0.02)

        let lines = Exposition(backend, .prometheusText).lines
        #expect(lines.contains(#"db_query_duration_seconds_bucket{le="0.025"} 1"#))
        #expect(lines.contains(#"db_query_duration_seconds_bucket{le="0.01"} 0"#))
    }

    @Test func nonAggregatingRecorder_recorded_gauge() {
        Recorder(label: "pool_size", aggregate: false, factory: backend).record(7)

        let lines = Exposition(backend, .prometheusText).lines
        #expect(lines.contains("# TYPE pool_size gauge"))
        #expect(lines.contains("pool_size 7.0"))
    }

    // MARK: Scrape buffers

    @Test func openMetrics_repeatedScrapes_sameBytesAsFirst() {
        InMemorySpan.within(InMemorySpan.sampled) { timer().recordNanoseconds(30_000_000) }

        let first = backend.render(format: .openMetrics)
        var appended: [UInt8] = Array("prefix\n".utf8)
        backend.render(format: .openMetrics, into: &appended)
        #expect(backend.render(format: .openMetrics) == first)
        #expect(appended == Array("prefix\n".utf8) + first)
    }

    @Test func openMetrics_seriesAddedAfterScrape_nextScrapeHasThem() {
        InMemorySpan.within(InMemorySpan.sampled) { timer().recordNanoseconds(30_000_000) }
        let before = backend.render(format: .openMetrics)

        InMemorySpan.within(InMemorySpan.sampled) {
            timer([("http_request_method", "POST"), ("http_route", "/items")]).recordNanoseconds(30_000_000)
        }

        let after = Exposition(backend, .openMetrics)
        #expect(after.exemplarLines.count == 2)
        #expect(after.lines.last == "# EOF")
        #expect(backend.render(format: .openMetrics).count > before.count)
    }

    // MARK: Process metrics

    @Test func processMetrics_exposed_inBothFormats() {
        let withProcess = PrometheusMetricsBackend()

        for format in ExpositionFormat.allCases {
            let lines = Exposition(withProcess, format).lines
            #expect(lines.contains { $0.hasPrefix("process_resident_memory_bytes ") })
            #expect(lines.contains { $0.hasPrefix("process_cpu_seconds_total ") })
        }
    }
}
