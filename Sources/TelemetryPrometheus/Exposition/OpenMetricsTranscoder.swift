/// Rewrites swift-prometheus's Prometheus text exposition as OpenMetrics 1.0.0, adding exemplars.
///
/// One pass over the bytes, line by line, no regular expressions:
/// - counter families are named without `_total` on `# TYPE`/`# HELP`, and their samples get
///   `_total` if they lack it;
/// - `"` in help texts is escaped, and comments other than `# HELP`/`# TYPE` are dropped;
/// - `inf`/`nan` sample values are spelt `+Inf`/`-Inf`/`NaN`;
/// - each histogram `_bucket` line whose series has an exemplar for that bucket gets it appended;
/// - `# EOF` ends the exposition.
///
/// Relies on what swift-prometheus emits: a family's `# HELP` just before its `# TYPE`, its samples
/// contiguous after them, and each series' buckets in ascending order with `le` last and `+Inf` final.
///
/// - SeeAlso: https://github.com/prometheus/OpenMetrics/blob/v1.0.0/specification/OpenMetrics.md
struct OpenMetricsTranscoder {
    /// Exemplar reservoirs by histogram family and rendered label set.
    var exemplars: [String: ExemplarIndex.Family]

    private enum Kind {
        case counter(samplesNeedTotal: Bool)
        case histogram(ExemplarIndex.Family?)
        case other
    }

    /// The histogram series the previous `_bucket` line belonged to.
    private struct Series {
        var labels: Range<Int>
        var exemplars: [Exemplar?]
        var nextBucket: Int
    }

    /// Appends the OpenMetrics form of `text` (a complete Prometheus text exposition) to `output`.
    func transcode(_ text: [UInt8], into output: inout [UInt8]) {
        output.reserveCapacity(output.count + text.count + 16)
        text.withUnsafeBufferPointer { input in
            var familyName = 0..<0
            var kind = Kind.other
            var series: Series?
            var lineStart = 0
            while lineStart < input.count {
                let lineEnd = Self.lineEnd(in: input, from: lineStart)
                defer { lineStart = lineEnd + 1 }
                guard lineEnd > lineStart else { continue }
                if input[lineStart] == UInt8(ascii: "#") {
                    if Self.hasPrefix(input, lineStart..<lineEnd, "# TYPE ") {
                        (familyName, kind) = typeLine(input, lineStart..<lineEnd, into: &output)
                        series = nil
                    } else if Self.hasPrefix(input, lineStart..<lineEnd, "# HELP ") {
                        Self.helpLine(input, lineStart..<lineEnd, into: &output)
                    }
                    continue
                }
                Self.sampleLine(input, lineStart..<lineEnd, family: familyName, kind: kind, series: &series, into: &output)
            }
        }
        output.append("# EOF\n")
    }

    // MARK: Metadata

    private func typeLine(
        _ input: UnsafeBufferPointer<UInt8>,
        _ line: Range<Int>,
        into output: inout [UInt8]
    ) -> (Range<Int>, Kind) {
        let nameStart = line.lowerBound + 7
        let nameEnd = Self.index(of: UInt8(ascii: " "), in: input, nameStart..<line.upperBound) ?? line.upperBound
        let name = nameStart..<nameEnd
        let type = UnsafeBufferPointer(rebasing: input[min(nameEnd + 1, line.upperBound)..<line.upperBound])
        output.append("# TYPE ")
        let kind: Kind
        if type.elementsEqual("counter".utf8) {
            let hasTotal = Self.hasSuffix(input, name, "_total")
            output.append(contentsOf: input[hasTotal ? nameStart..<(nameEnd - 6) : name])
            kind = .counter(samplesNeedTotal: !hasTotal)
        } else {
            output.append(contentsOf: input[name])
            if type.elementsEqual("histogram".utf8) {
                let family = exemplars.isEmpty ? nil : exemplars[String(decoding: input[name], as: UTF8.self)]
                kind = .histogram(family)
            } else {
                kind = .other
            }
        }
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: type)
        output.append(UInt8(ascii: "\n"))
        return (name, kind)
    }

    private static func helpLine(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into output: inout [UInt8]) {
        let nameStart = line.lowerBound + 7
        let nameEnd = index(of: UInt8(ascii: " "), in: input, nameStart..<line.upperBound) ?? line.upperBound
        var name = nameStart..<nameEnd
        // A counter's `# TYPE` follows its `# HELP`: name the family the same way.
        let next = line.upperBound + 1
        let nextEnd = lineEnd(in: input, from: min(next, input.count))
        if hasSuffix(input, name, "_total"), next < input.count,
            hasPrefix(input, next..<nextEnd, "# TYPE "),
            nextEnd - (next + 7) == name.count + 8,
            input[(next + 7)..<(next + 7 + name.count)].elementsEqual(input[name]),
            hasSuffix(input, next..<nextEnd, " counter")
        {
            name = nameStart..<(nameEnd - 6)
        }
        output.append("# HELP ")
        output.append(contentsOf: input[name])
        if nameEnd < line.upperBound {
            output.append(UInt8(ascii: " "))
            for byte in input[(nameEnd + 1)..<line.upperBound] {
                if byte == UInt8(ascii: "\"") { output.append(UInt8(ascii: "\\")) }
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\n"))
    }

    // MARK: Samples

    private static func sampleLine(
        _ input: UnsafeBufferPointer<UInt8>,
        _ line: Range<Int>,
        family: Range<Int>,
        kind: Kind,
        series: inout Series?,
        into output: inout [UInt8]
    ) {
        var exemplar: Exemplar?
        switch kind {
        case .counter(samplesNeedTotal: true) where startsWithName(input, line, family):
            output.append(contentsOf: input[family])
            output.append("_total")
            writeSample(input, (line.lowerBound + family.count)..<line.upperBound, into: &output)
            output.append(UInt8(ascii: "\n"))
            return
        case .histogram(let reservoirs?):
            exemplar = bucketExemplar(input, line, family: family, reservoirs: reservoirs, series: &series)
        default:
            break
        }
        writeSample(input, line, into: &output)
        exemplar?.write(into: &output)
        output.append(UInt8(ascii: "\n"))
    }

    /// The exemplar of the bucket `line` renders, if `line` is a `_bucket` line and it has one.
    private static func bucketExemplar(
        _ input: UnsafeBufferPointer<UInt8>,
        _ line: Range<Int>,
        family: Range<Int>,
        reservoirs: ExemplarIndex.Family,
        series: inout Series?
    ) -> Exemplar? {
        let labelsStart = line.lowerBound + family.count + 8
        guard labelsStart <= line.upperBound,
            input[line.lowerBound..<(line.lowerBound + family.count)].elementsEqual(input[family]),
            input[(labelsStart - 8)..<labelsStart].elementsEqual("_bucket{".utf8),
            let closingQuote = lastIndex(of: UInt8(ascii: "\""), in: input, labelsStart..<line.upperBound),
            let openingQuote = lastIndex(of: UInt8(ascii: "\""), in: input, labelsStart..<closingQuote),
            openingQuote >= labelsStart + 3,
            input[(openingQuote - 3)..<openingQuote].elementsEqual("le=".utf8)
        else { return nil }
        let leStart = openingQuote - 3
        let labels = labelsStart..<(leStart == labelsStart ? leStart : leStart - 1)
        if let current = series, input[current.labels].elementsEqual(input[labels]) {
            series?.labels = labels
        } else {
            let snapshot = reservoirs[Array(input[labels])]?.snapshot() ?? []
            series = Series(labels: labels, exemplars: snapshot, nextBucket: 0)
        }
        guard let bucket = series?.nextBucket else { return nil }
        series?.nextBucket += 1
        guard let exemplars = series?.exemplars, exemplars.indices.contains(bucket) else { return nil }
        return exemplars[bucket]
    }

    /// Copies a sample line (without its newline), spelling infinite and NaN values as OpenMetrics does.
    private static func writeSample(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into output: inout [UInt8]) {
        let last = input[line.upperBound - 1]
        guard last == UInt8(ascii: "f") || last == UInt8(ascii: "n"),
            let space = lastIndex(of: UInt8(ascii: " "), in: input, line)
        else {
            output.append(contentsOf: input[line])
            return
        }
        let value = input[(space + 1)..<line.upperBound]
        output.append(contentsOf: input[line.lowerBound...space])
        if value.elementsEqual("inf".utf8) || value.elementsEqual("+inf".utf8) {
            output.append("+Inf")
        } else if value.elementsEqual("-inf".utf8) {
            output.append("-Inf")
        } else if value.elementsEqual("nan".utf8) {
            output.append("NaN")
        } else {
            output.append(contentsOf: value)
        }
    }

    // MARK: Bytes

    private static func lineEnd(in input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        index(of: UInt8(ascii: "\n"), in: input, start..<input.count) ?? input.count
    }

    private static func index(of byte: UInt8, in input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound {
            if input[index] == byte { return index }
            index += 1
        }
        return nil
    }

    private static func lastIndex(of byte: UInt8, in input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            if input[index] == byte { return index }
        }
        return nil
    }

    private static func hasPrefix(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { prefix in
            range.count >= prefix.count && input[range.lowerBound..<(range.lowerBound + prefix.count)].elementsEqual(prefix)
        }
    }

    private static func hasSuffix(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ suffix: StaticString) -> Bool {
        suffix.withUTF8Buffer { suffix in
            range.count >= suffix.count && input[(range.upperBound - suffix.count)..<range.upperBound].elementsEqual(suffix)
        }
    }

    /// Whether `line` is a sample of the family `name` itself (followed by `{` or a space).
    private static func startsWithName(_ input: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, _ name: Range<Int>) -> Bool {
        guard line.count > name.count,
            input[line.lowerBound..<(line.lowerBound + name.count)].elementsEqual(input[name])
        else { return false }
        let next = input[line.lowerBound + name.count]
        return next == UInt8(ascii: "{") || next == UInt8(ascii: " ")
    }
}
