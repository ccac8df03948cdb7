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

    /// The family whose samples follow.
    private struct Family {
        var name: Range<Int>
        var kind: Kind
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
        text.withUnsafeBufferPointer { bytes in
            let input = ExpositionText(bytes: bytes)
            var family = Family(name: 0..<0, kind: .other)
            var series: Series?
            var lineStart = 0
            while lineStart < input.count {
                let lineEnd = input.lineEnd(from: lineStart)
                let line = lineStart..<lineEnd
                lineStart = lineEnd + 1
                if line.isEmpty { continue }
                if input[line.lowerBound] != UInt8(ascii: "#") {
                    Self.sample(input, line, family: family, series: &series, into: &output)
                } else if input.hasPrefix(line, "# TYPE ") {
                    family = type(input, line, into: &output)
                    series = nil
                } else if input.hasPrefix(line, "# HELP ") {
                    Self.help(input, line, into: &output)
                }
            }
        }
        output.append("# EOF\n")
    }

    // MARK: Metadata

    private func type(_ input: ExpositionText, _ line: Range<Int>, into output: inout [UInt8]) -> Family {
        let nameStart = line.lowerBound + 7
        let nameEnd = input.firstIndex(of: UInt8(ascii: " "), in: nameStart..<line.upperBound) ?? line.upperBound
        let name = nameStart..<nameEnd
        let type = min(nameEnd + 1, line.upperBound)..<line.upperBound
        let kind: Kind
        var familyName = name
        if input.equal(type, "counter") {
            let hasTotal = input.hasSuffix(name, "_total")
            if hasTotal { familyName = nameStart..<(nameEnd - 6) }
            kind = .counter(samplesNeedTotal: !hasTotal)
        } else if input.equal(type, "histogram") {
            let key = exemplars.isEmpty ? nil : String(decoding: input[name], as: UTF8.self)
            kind = .histogram(key.flatMap { exemplars[$0] })
        } else {
            kind = .other
        }
        output.append("# TYPE ")
        output.append(contentsOf: input[familyName])
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: input[type])
        output.append(UInt8(ascii: "\n"))
        return Family(name: name, kind: kind)
    }

    private static func help(_ input: ExpositionText, _ line: Range<Int>, into output: inout [UInt8]) {
        let nameStart = line.lowerBound + 7
        let nameEnd = input.firstIndex(of: UInt8(ascii: " "), in: nameStart..<line.upperBound) ?? line.upperBound
        var name = nameStart..<nameEnd
        // A counter's `# TYPE` follows its `# HELP`: name the family the same way.
        if input.hasSuffix(name, "_total"), line.upperBound + 1 < input.count {
            let next = (line.upperBound + 1)..<input.lineEnd(from: line.upperBound + 1)
            let nextName = (next.lowerBound + 7)..<min(next.lowerBound + 7 + name.count, next.upperBound)
            if input.hasPrefix(next, "# TYPE "), input.equal(nextName, name),
                input.equal(nextName.upperBound..<next.upperBound, " counter")
            {
                name = nameStart..<(nameEnd - 6)
            }
        }
        output.append("# HELP ")
        output.append(contentsOf: input[name])
        guard nameEnd < line.upperBound else {
            output.append(UInt8(ascii: "\n"))
            return
        }
        output.append(UInt8(ascii: " "))
        var start = nameEnd + 1
        while let quote = input.firstIndex(of: UInt8(ascii: "\""), in: start..<line.upperBound) {
            output.append(contentsOf: input[start..<quote])
            output.append(#"\""#)
            start = quote + 1
        }
        output.append(contentsOf: input[start..<line.upperBound])
        output.append(UInt8(ascii: "\n"))
    }

    // MARK: Samples

    private static func sample(
        _ input: ExpositionText,
        _ line: Range<Int>,
        family: Family,
        series: inout Series?,
        into output: inout [UInt8]
    ) {
        var exemplar: Exemplar?
        switch family.kind {
        case .counter(samplesNeedTotal: true) where isSample(input, line, of: family.name):
            output.append(contentsOf: input[family.name])
            output.append("_total")
            value(input, (line.lowerBound + family.name.count)..<line.upperBound, into: &output)
            output.append(UInt8(ascii: "\n"))
            return
        case .histogram(let reservoirs?):
            exemplar = bucketExemplar(input, line, family: family.name, reservoirs: reservoirs, series: &series)
        default:
            break
        }
        value(input, line, into: &output)
        exemplar?.write(into: &output)
        output.append(UInt8(ascii: "\n"))
    }

    /// The exemplar of the bucket `line` renders, if `line` is a `_bucket` line and it has one.
    private static func bucketExemplar(
        _ input: ExpositionText,
        _ line: Range<Int>,
        family: Range<Int>,
        reservoirs: ExemplarIndex.Family,
        series: inout Series?
    ) -> Exemplar? {
        // `<family>_bucket{<labels>,le="<bound>"} <count>` or `<family>_bucket{le="<bound>"} <count>`.
        let labelsStart = line.lowerBound + family.count + 8
        guard labelsStart <= line.upperBound,
            input.equal(line.lowerBound..<(line.lowerBound + family.count), family),
            input.equal((labelsStart - 8)..<labelsStart, "_bucket{"),
            let closingQuote = input.lastIndex(of: UInt8(ascii: "\""), in: labelsStart..<line.upperBound),
            let openingQuote = input.lastIndex(of: UInt8(ascii: "\""), in: labelsStart..<closingQuote),
            openingQuote >= labelsStart + 3,
            input.equal((openingQuote - 3)..<openingQuote, "le=")
        else { return nil }
        let leStart = openingQuote - 3
        let labels = labelsStart..<(leStart == labelsStart ? leStart : leStart - 1)
        if series == nil || !input.equal(series!.labels, labels) {
            let snapshot = reservoirs[Array(input[labels])]?.snapshot() ?? []
            series = Series(labels: labels, exemplars: snapshot, nextBucket: 0)
        }
        guard var current = series else { return nil }
        let bucket = current.nextBucket
        current.nextBucket += 1
        current.labels = labels
        series = current
        return current.exemplars.indices.contains(bucket) ? current.exemplars[bucket] : nil
    }

    /// Copies a sample line (without its newline), spelling infinite and NaN values as OpenMetrics does.
    private static func value(_ input: ExpositionText, _ line: Range<Int>, into output: inout [UInt8]) {
        let last = input[line.upperBound - 1]
        guard last == UInt8(ascii: "f") || last == UInt8(ascii: "n"),
            let space = input.lastIndex(of: UInt8(ascii: " "), in: line)
        else {
            output.append(contentsOf: input[line])
            return
        }
        let value = (space + 1)..<line.upperBound
        output.append(contentsOf: input[line.lowerBound..<value.lowerBound])
        if input.equal(value, "inf") || input.equal(value, "+inf") {
            output.append("+Inf")
        } else if input.equal(value, "-inf") {
            output.append("-Inf")
        } else if input.equal(value, "nan") {
            output.append("NaN")
        } else {
            output.append(contentsOf: input[value])
        }
    }

    /// Whether `line` is a sample of the family `name` itself (followed by `{` or a space).
    private static func isSample(_ input: ExpositionText, _ line: Range<Int>, of name: Range<Int>) -> Bool {
        guard line.count > name.count, input.equal(line.lowerBound..<(line.lowerBound + name.count), name) else {
            return false
        }
        let next = input[line.lowerBound + name.count]
        return next == UInt8(ascii: "{") || next == UInt8(ascii: " ")
    }
}
