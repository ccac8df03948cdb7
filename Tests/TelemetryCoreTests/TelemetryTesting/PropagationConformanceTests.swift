import TelemetryCore
import TelemetryTesting
import Testing

/// Compares names exactly, as a naive dictionary-backed adapter would.
private struct CaseSensitiveCarrier: PropagationCarrier {
    var fields: [(name: String, value: String)]
    func values(forName name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }
    mutating func setValue(_ value: String, forName name: String) {
        fields.removeAll { $0.name == name }
        fields.append((name, value))
    }
}

/// Keeps one value per name, losing repeated headers.
private struct LastValueCarrier: PropagationCarrier {
    var storage: [String: String] = [:]
    init(_ fields: [(name: String, value: String)]) {
        for field in fields { storage[field.name.lowercased()] = field.value }
    }
    func values(forName name: String) -> [String] { storage[name.lowercased()].map { [$0] } ?? [] }
    mutating func setValue(_ value: String, forName name: String) { storage[name.lowercased()] = value }
}

/// Lower-cases values, hiding invalid upper-case hex.
private struct LowercasingCarrier: PropagationCarrier {
    var inner: InMemoryCarrier
    func values(forName name: String) -> [String] { inner.values(forName: name).map { $0.lowercased() } }
    mutating func setValue(_ value: String, forName name: String) { inner.setValue(value, forName: name) }
}

/// Never stores what is injected.
private struct WriteOnlyCarrier: PropagationCarrier {
    var inner: InMemoryCarrier
    func values(forName name: String) -> [String] { inner.values(forName: name) }
    mutating func setValue(_ value: String, forName name: String) {}
}

private func testCase(_ name: String) throws -> PropagationConformanceCase {
    try #require(PropagationConformance.cases.first { $0.name == name })
}

@Suite struct PropagationConformanceTests {
    @Test func cases_names_areUnique() {
        let names = PropagationConformance.cases.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func check_caseSensitiveCarrier_reportsFailures() throws {
        let failures = PropagationConformance.check(try testCase("header name in mixed case (TraceParent)")) {
            CaseSensitiveCarrier(fields: $0)
        }
        #expect(failures.contains { $0.contains("expected the caller's trace") })
        #expect(failures.contains { $0.contains("values(forName: \"TraceParent\") differs") })
    }

    @Test func check_carrierLosingRepeatedHeaders_reportsFailures() throws {
        let restart = PropagationConformance.check(try testCase("two traceparent headers restart the trace")) { LastValueCarrier($0) }
        #expect(restart.contains { $0.contains("expected a new trace") })
        let joined = PropagationConformance.check(try testCase("several tracestate headers are joined in order")) { LastValueCarrier($0) }
        #expect(joined.contains { $0.contains("outgoing tracestate is \"congo=t61rcWkgMzE\"") })
    }

    @Test func check_carrierAlteringValues_reportsFailures() throws {
        let failures = PropagationConformance.check(try testCase("upper-case hex in the trace id is invalid")) {
            LowercasingCarrier(inner: InMemoryCarrier($0))
        }
        #expect(failures.contains { $0.contains("expected a new trace") })
    }

    @Test func check_carrierDroppingInjectedValues_reportsFailures() throws {
        let failures = PropagationConformance.check(try testCase("baggage is propagated")) { WriteOnlyCarrier(inner: InMemoryCarrier($0)) }
        #expect(failures.contains { $0.contains("expected one outgoing traceparent, got 0") })
        #expect(failures.contains { $0.contains("outgoing baggage is absent") })
    }

    @Test func check_failures_nameTheCase() throws {
        let failures = PropagationConformance.check(try testCase("valid traceparent continues the trace")) {
            WriteOnlyCarrier(inner: InMemoryCarrier($0))
        }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.hasPrefix("valid traceparent continues the trace: ") })
    }
}
