/// The two text formats a `/metrics` scrape can ask for.
///
/// ```swift
/// let format = ExpositionFormat(accept: request.headers[.accept])
/// let body = backend.render(format: format)
/// response.headers[.contentType] = format.contentType
/// ```
///
/// - SeeAlso: https://prometheus.io/docs/instrumenting/content_negotiation/
public enum ExpositionFormat: Sendable, Hashable, CaseIterable {
    /// Prometheus text format 0.0.4 (no exemplars): what `promtool check metrics` reads.
    case prometheusText
    /// OpenMetrics 1.0.0 text, with exemplars on histogram buckets.
    case openMetrics

    /// The `Content-Type` of a response in this format.
    public var contentType: String {
        switch self {
        case .prometheusText: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// The format to answer a scrape with, from its `Accept` header.
    ///
    /// OpenMetrics when `application/openmetrics-text` is acceptable (q > 0) and preferred at least as
    /// much as any text type (`text/plain`, `text/*`, `*/*`); Prometheus text otherwise, including
    /// when the header is missing or names nothing either format can satisfy.
    public init(accept: String?) {
        guard let accept, !accept.isEmpty else {
            self = .prometheusText
            return
        }
        var openMetricsQuality = 0.0
        var textQuality = 0.0
        for range in accept.utf8.split(separator: UInt8(ascii: ",")) {
            let parts = range.split(separator: UInt8(ascii: ";"))
            guard let mediaType = parts.first else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: UInt8(ascii: "="), maxSplits: 1)
                guard pair.count == 2, Self.trimmed(pair[0]).elementsEqual("q".utf8) else { continue }
                quality = Double(String(decoding: Self.trimmed(pair[1]), as: UTF8.self)) ?? 0
            }
            switch String(decoding: Self.trimmed(mediaType), as: UTF8.self).lowercased() {
            case "application/openmetrics-text":
                openMetricsQuality = max(openMetricsQuality, quality)
            case "text/plain", "text/*", "*/*":
                textQuality = max(textQuality, quality)
            default:
                continue
            }
        }
        self = openMetricsQuality > 0 && openMetricsQuality >= textQuality ? .openMetrics : .prometheusText
    }

    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        var bytes = bytes
        while let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            bytes = bytes.dropFirst()
        }
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            bytes = bytes.dropLast()
        }
        return bytes
    }
}
