import TelemetryCore
import Testing
import Tracing

@Suite struct BaggageTests {
    @Test func init_percentEncodedValues_areDecoded() {
        let baggage = Baggage(headerValues: ["serverNode=DF%2028,city=M%C3%BCnchen,list=a%2cb"])
        #expect(baggage["serverNode"] == "DF 28")
        #expect(baggage["city"] == "München")
        #expect(baggage["list"] == "a,b")
    }

    @Test func init_octetsThatAreNotUTF8_becomeReplacementCharacters() {
        let baggage = Baggage(headerValues: ["bad=a%FFb,good=1"])
        #expect(baggage["bad"] == "a\u{FFFD}b")
        #expect(baggage["good"] == "1")
    }

    @Test func init_properties_areKeptRaw() throws {
        let baggage = Baggage(headerValues: ["key1 = value1 ; property1;property2=v"])
        let entry = try #require(baggage.entries.first)
        #expect(entry.key == "key1")
        #expect(entry.value == "value1")
        #expect(entry.properties == "property1;property2=v")
    }

    @Test func init_invalidMembers_areSkipped() {
        let baggage = Baggage(headerValues: ["a=1,=novalue,bad key=2,c=3,d=x%zz,e=%4,f,g=\"q\",h=x\\y"])
        #expect(baggage.entries.map(\.key) == ["a", "c"])
    }

    @Test func init_emptyValue_isValid() {
        #expect(Baggage(headerValues: ["a="])["a"] == "")
    }

    @Test func init_severalHeaderValues_areJoinedInOrder() {
        let baggage = Baggage(headerValues: ["a=1", "b=2,c=3"])
        #expect(baggage.entries.map(\.key) == ["a", "b", "c"])
    }

    @Test func init_duplicateKey_keepsTheLastValue() {
        let baggage = Baggage(headerValues: ["a=1,b=2,a=3"])
        #expect(baggage["a"] == "3")
        #expect(baggage.entries.count == 2)
    }

    @Test func init_moreThan64Members_keepsTheFirst64() {
        let members = (0..<70).map { "k\($0)=v" }
        let baggage = Baggage(headerValues: [members.joined(separator: ",")])
        #expect(baggage.entries.count == Baggage.maximumMembers)
        #expect(baggage.entries.last?.key == "k63")
    }

    @Test func init_over8192Bytes_dropsWholeMembers() {
        let members = (0..<10).map { "k\($0)=" + String(repeating: "v", count: 1000) }  // 1003 bytes each
        let baggage = Baggage(headerValues: [members.joined(separator: ",")])
        #expect(baggage.entries.count == 8)
        #expect(baggage.entries.allSatisfy { $0.value.utf8.count == 1000 })
    }

    @Test func subscript_set_addsReplacesAndRemoves() {
        var baggage = Baggage()
        baggage["saga.id"] = "7f3c"
        baggage["tenant"] = "acme"
        baggage["saga.id"] = "8a1d"
        #expect(baggage.headerValue == "tenant=acme,saga.id=8a1d")
        baggage["tenant"] = nil
        #expect(baggage.headerValue == "saga.id=8a1d")
    }

    @Test func headerValue_characterOutsideBaggageOctets_isPercentEncoded() {
        var baggage = Baggage()
        baggage["note"] = "a b,c;d\"e\\f%g\u{E9}"
        #expect(baggage.headerValue == "note=a%20b%2Cc%3Bd%22e%5Cf%25g%C3%A9")
        #expect(Baggage(headerValues: [baggage.headerValue ?? ""])["note"] == "a b,c;d\"e\\f%g\u{E9}")
    }

    @Test func headerValue_empty_isNil() {
        #expect(Baggage().headerValue == nil)
    }

    @Test func headerValue_tooManyMembersSet_emitsAtMost64() {
        var baggage = Baggage()
        for index in 0..<100 { baggage["k\(index)"] = "v" }
        let emitted = baggage.headerValue ?? ""
        #expect(emitted.split(separator: ",").count == Baggage.maximumMembers)
    }

    @Test func headerValue_tooLongValuesSet_staysWithin8192Bytes() {
        var baggage = Baggage()
        for index in 0..<20 { baggage["k\(index)"] = String(repeating: "v", count: 1000) }
        let emitted = baggage.headerValue ?? ""
        #expect(emitted.utf8.count <= Baggage.maximumLength)
        #expect(emitted.split(separator: ",").count == 8)
    }

    @Test func serviceContext_baggage_isStoredAndRead() {
        var context = ServiceContext.topLevel
        #expect(context.baggage == nil)
        var baggage = Baggage()
        baggage["saga.id"] = "7f3c"
        context.baggage = baggage
        #expect(context.baggage?["saga.id"] == "7f3c")
    }
}
