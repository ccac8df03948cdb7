import Testing
import TelemetryPrometheus

@Suite struct ExpositionFormatTests {
    @Test(arguments: [
        // Prometheus 2.x's default scrape header.
        "application/openmetrics-text; version=1.0.0,application/openmetrics-text; version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
        // Prometheus 3.x's default scrape header.
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
        "application/openmetrics-text",
        "Application/OpenMetrics-Text ; Version=1.0.0",
        "text/plain;q=0.5, application/openmetrics-text;q=0.5",
    ])
    func accept_openMetricsPreferred_openMetrics(accept: String) {
        #expect(ExpositionFormat(accept: accept) == .openMetrics)
    }

    @Test(arguments: [
        nil, "", "*/*", "text/plain", "text/plain;version=0.0.4",
        "application/json",
        "application/openmetrics-text;q=0, text/plain",
        "application/openmetrics-text;q=0.2, text/plain;q=0.9",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
    ] as [String?])
    func accept_openMetricsNotPreferred_prometheusText(accept: String?) {
        #expect(ExpositionFormat(accept: accept) == .prometheusText)
    }

    @Test func contentTypes_asTheFormatsSpecify() {
        #expect(ExpositionFormat.openMetrics.contentType == "application/openmetrics-text; version=1.0.0; charset=utf-8")
        #expect(ExpositionFormat.prometheusText.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}
