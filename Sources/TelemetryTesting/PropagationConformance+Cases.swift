extension PropagationConformance {
    /// Every rule of W3C Trace Context Level 2 and W3C Baggage that a carrier can break.
    package static let cases: [PropagationConformanceCase] =
        traceParentCases + traceStateCases + baggageCases + hostileCases

    // A caller's identity (the W3C specification's own example ids).
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let parentID = "00f067aa0ba902b7"
    static let valid = "00-\(traceID)-\(parentID)-01"

    static func continues(
        _ name: String,
        _ incoming: [(name: String, value: String)],
        flags: String = "01",
        traceState: String? = nil,
        baggage: String? = nil
    ) -> PropagationConformanceCase {
        PropagationConformanceCase(
            name: name,
            incoming: incoming,
            trace: .continues(traceID: traceID, parentID: parentID),
            outgoingFlags: flags,
            outgoingTraceState: traceState,
            outgoingBaggage: baggage
        )
    }

    /// A new trace rooted by the server: sampled, with the Level 2 `random` flag (its ids are random).
    static func restarts(
        _ name: String,
        _ incoming: [(name: String, value: String)],
        baggage: String? = nil
    ) -> PropagationConformanceCase {
        PropagationConformanceCase(name: name, incoming: incoming, trace: .restarts, outgoingFlags: "03", outgoingBaggage: baggage)
    }

    static func withFlags(_ flags: String) -> String { "00-\(traceID)-\(parentID)-\(flags)" }

    static let traceParentCases: [PropagationConformanceCase] = [
        continues("valid traceparent continues the trace", [("traceparent", valid)]),
        continues("sampled and random flags are kept (03 -> 03)", [("traceparent", withFlags("03"))], flags: "03"),
        continues("random flag without sampled is kept (02 -> 02)", [("traceparent", withFlags("02"))], flags: "02"),
        continues("unsampled traceparent stays unsampled (00 -> 00)", [("traceparent", withFlags("00"))], flags: "00"),
        continues("unknown flag bits are accepted, not re-emitted (09 -> 01)", [("traceparent", withFlags("09"))]),
        continues("all flag bits set keep only the defined ones (ff -> 03)", [("traceparent", withFlags("ff"))], flags: "03"),
        continues("header name in mixed case (TraceParent)", [("TraceParent", valid)]),
        continues(
            "header names in upper case (TRACEPARENT, TRACESTATE)",
            [("TRACEPARENT", valid), ("TRACESTATE", "rojo=00f067aa0ba902b7")],
            traceState: "rojo=00f067aa0ba902b7"
        ),
        continues("surrounding spaces and tabs are trimmed", [("traceparent", " \t\(valid)\t ")]),
        continues(
            "future version with more fields is parsed and emitted as 00",
            [("traceparent", "cc-\(traceID)-\(parentID)-01-what-the-future-will-be-like")]
        ),
        continues("future version of exactly 55 characters is parsed", [("traceparent", "cc-\(traceID)-\(parentID)-01")]),
        continues("future version keeps the random flag", [("traceparent", "cc-\(traceID)-\(parentID)-03")], flags: "03"),
        restarts("no traceparent starts a new trace", []),
        restarts("empty traceparent starts a new trace", [("traceparent", "")]),
        restarts("version ff is invalid", [("traceparent", "ff-\(traceID)-\(parentID)-01")]),
        restarts("upper-case hex in the trace id is invalid", [("traceparent", "00-\(traceID.uppercased())-\(parentID)-01")]),
        restarts("upper-case hex in the parent id is invalid", [("traceparent", "00-\(traceID)-00F067AA0BA902B7-01")]),
        restarts("upper-case hex in the flags is invalid", [("traceparent", withFlags("0B"))]),
        restarts("upper-case hex in the version is invalid", [("traceparent", "0A-\(traceID)-\(parentID)-01")]),
        restarts("non-hex trace id is invalid", [("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e473g-\(parentID)-01")]),
        restarts("non-hex parent id is invalid", [("traceparent", "00-\(traceID)-00f067aa0ba902bz-01")]),
        restarts("non-hex flags are invalid", [("traceparent", withFlags("0x"))]),
        restarts("non-hex version is invalid", [("traceparent", "zz-\(traceID)-\(parentID)-01")]),
        restarts("all-zero trace id is invalid", [("traceparent", "00-00000000000000000000000000000000-\(parentID)-01")]),
        restarts("all-zero parent id is invalid", [("traceparent", "00-\(traceID)-0000000000000000-01")]),
        restarts("version 00 one character short is invalid", [("traceparent", String(valid.dropLast()))]),
        restarts("version 00 one character long is invalid", [("traceparent", valid + "0")]),
        restarts("version 00 with more fields is invalid", [("traceparent", valid + "-extra")]),
        restarts("future version with a 56th character other than '-' is invalid", [("traceparent", "cc-\(traceID)-\(parentID)-01x")]),
        restarts("future version shorter than 55 characters is invalid", [("traceparent", "cc-\(traceID)-\(parentID)-1")]),
        restarts("wrong delimiter is invalid", [("traceparent", "00_\(traceID)-\(parentID)-01")]),
        restarts("non-ASCII character is invalid", [("traceparent", "00-\(traceID)-\(parentID)-0é")]),
        restarts(
            "two traceparent headers restart the trace",
            [("traceparent", valid), ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
        ),
        restarts("two traceparent headers with differently cased names restart the trace", [("traceparent", valid), ("TraceParent", valid)]),
        restarts("an invalid traceparent drops tracestate", [("traceparent", "ff-\(traceID)-\(parentID)-01"), ("tracestate", "rojo=1")]),
        restarts("tracestate without traceparent is ignored", [("tracestate", "rojo=1")]),
    ]

    static func members(_ count: Int, valueLength: Int = 1, keyPrefix: String = "k") -> [String] {
        (0..<count).map { "\(keyPrefix)\($0)=" + String(repeating: "v", count: valueLength) }
    }

    static func withState(_ values: String...) -> [(name: String, value: String)] {
        [("traceparent", valid)] + values.map { ("tracestate", $0) }
    }

    static let traceStateCases: [PropagationConformanceCase] = {
        let member63 = members(10, valueLength: 60)  // "kN=" + 60 characters: 63 each
        let long254 = "big=" + String(repeating: "x", count: 250)
        let exactly512 = members(7, valueLength: 60) + ["k7=" + String(repeating: "v", count: 61)]
        return [
            continues(
                "several tracestate headers are joined in order",
                withState("rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE"),
                traceState: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"
            ),
            continues(
                "tracestate headers with differently cased names are joined",
                [("traceparent", valid), ("tracestate", "a=1"), ("TraceState", "b=2")],
                traceState: "a=1,b=2"
            ),
            continues("empty members and spaces around members are removed", withState("rojo=1 ,, \tcongo=2"), traceState: "rojo=1,congo=2"),
            continues("tracestate with an upper-case key is dropped", withState("Rojo=1,congo=2")),
            continues("tracestate with a key starting with a digit is dropped", withState("1rojo=1")),
            continues("tracestate with an empty value is dropped", withState("rojo=1,congo=")),
            continues("tracestate with '=' in a value is dropped", withState("rojo=a=b")),
            continues("tracestate member without '=' is dropped", withState("rojo=1,congo")),
            continues("tracestate with duplicate keys is dropped", withState("rojo=1,rojo=2")),
            continues("tracestate with duplicate keys across headers is dropped", withState("rojo=1", "congo=2,rojo=3")),
            continues("tracestate with 33 members is dropped", withState(members(33).joined(separator: ","))),
            continues(
                "tracestate with 32 members is kept",
                withState(members(32).joined(separator: ",")),
                traceState: members(32).joined(separator: ",")
            ),
            continues(
                "multi-tenant keys are valid",
                withState("fw529a3039@dt=00f067aa0ba902b7,7t@s=x"),
                traceState: "fw529a3039@dt=00f067aa0ba902b7,7t@s=x"
            ),
            continues("multi-tenant key with a system id starting with a digit is dropped", withState("t@1s=x")),
            continues("multi-tenant key with an empty tenant id is dropped", withState("@s=x")),
            continues(
                "tracestate of exactly 512 characters is kept",
                withState(exactly512.joined(separator: ",")),
                traceState: exactly512.joined(separator: ",")
            ),
            continues(
                "tracestate over 512 characters loses members over 128 characters first",
                withState(([long254] + member63.prefix(5)).joined(separator: ",")),
                traceState: member63.prefix(5).joined(separator: ",")
            ),
            continues(
                "tracestate over 512 characters then loses members from the end",
                withState(member63.joined(separator: ",")),
                traceState: member63.prefix(8).joined(separator: ",")
            ),
        ]
    }()

    static func withBaggage(_ values: String...) -> [(name: String, value: String)] {
        [("traceparent", valid)] + values.map { ("baggage", $0) }
    }

    static let baggageCases: [PropagationConformanceCase] = {
        let kilobyteMembers = members(10, valueLength: 1000)  // 1003 bytes each: 8 fit in 8192
        return [
            continues(
                "baggage is propagated",
                withBaggage("userId=alice,serverNode=DF%2028,isProduction=false"),
                baggage: "userId=alice,serverNode=DF%2028,isProduction=false"
            ),
            continues(
                "percent-encoded values are decoded and re-encoded",
                withBaggage("city=M%C3%BCnchen,list=a%2cb,letter=%41"),
                baggage: "city=M%C3%BCnchen,list=a%2Cb,letter=A"
            ),
            continues(
                "percent-encoded octets that are not UTF-8 become U+FFFD",
                withBaggage("bad=%FF,good=1"),
                baggage: "bad=%EF%BF%BD,good=1"
            ),
            continues(
                "properties are kept and spaces around members removed",
                withBaggage("key1=value1;property1;property2=v, key2 = value2"),
                baggage: "key1=value1;property1;property2=v,key2=value2"
            ),
            continues(
                "several baggage headers are joined",
                [("traceparent", valid), ("baggage", "a=1"), ("Baggage", "b=2")],
                baggage: "a=1,b=2"
            ),
            continues(
                "invalid baggage members are skipped",
                withBaggage("a=1,=novalue,bad key=2,c=3,d=x%zz,e,f=\"q\""),
                baggage: "a=1,c=3"
            ),
            continues("baggage of only invalid members is not sent", withBaggage("=1,bad key=2")),
            continues(
                "more than 64 baggage members keep the first 64",
                withBaggage(members(70).joined(separator: ",")),
                baggage: members(64).joined(separator: ",")
            ),
            continues(
                "baggage over 8192 bytes drops whole members",
                withBaggage(kilobyteMembers.joined(separator: ",")),
                baggage: kilobyteMembers.prefix(8).joined(separator: ",")
            ),
            restarts(
                "baggage is kept when traceparent is invalid",
                [("traceparent", "ff-\(traceID)-\(parentID)-01"), ("baggage", "saga.id=7f3c")],
                baggage: "saga.id=7f3c"
            ),
            restarts("baggage is kept without traceparent", [("baggage", "saga.id=7f3c")], baggage: "saga.id=7f3c"),
        ]
    }()

    static let hostileCases: [PropagationConformanceCase] = {
        let hugeBaggage = members(100_000, valueLength: 4).joined(separator: ",")  // ~1 MB
        return [
            restarts("a 100 KB traceparent starts a new trace", [("traceparent", "00-" + String(repeating: "a", count: 100_000))]),
            restarts(
                "a 100 KB traceparent of repeated valid values starts a new trace",
                [("traceparent", String(repeating: valid + ",", count: 1_800))]
            ),
            continues(
                "a 100 KB tracestate is dropped",
                withState(String(repeating: "rojo=00f067aa0ba902b7,", count: 4_600))
            ),
            continues("a 100 KB tracestate value is dropped", withState("rojo=" + String(repeating: "x", count: 100_000))),
            restarts(
                "a 100 KB tracestate without traceparent starts a new trace",
                [("tracestate", String(repeating: "rojo=00f067aa0ba902b7,", count: 4_600))]
            ),
            restarts(
                "a 1 MB baggage starts a new trace and is bounded",
                [("baggage", hugeBaggage)],
                baggage: members(64, valueLength: 4).joined(separator: ",")
            ),
            restarts("a 1 MB baggage member is dropped", [("baggage", "big=" + String(repeating: "x", count: 1_000_000))]),
        ]
    }()
}
