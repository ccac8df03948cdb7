import TelemetryCore
import Testing

private func members(_ count: Int, valueLength: Int = 1) -> [String] {
    (0..<count).map { "k\($0)=" + String(repeating: "v", count: valueLength) }
}

@Suite struct TraceStateTests {
    @Test func init_severalHeaderValues_joinsMembersInOrder() throws {
        let state = try #require(TraceState(headerValues: ["rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE"]))
        #expect(state.members.map(\.key) == ["rojo", "congo"])
        #expect(state["congo"] == "t61rcWkgMzE")
        #expect(state.headerValue == "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
    }

    @Test func init_emptyMembersAndWhitespace_areSkipped() throws {
        let state = try #require(TraceState(headerValues: [" rojo=1 ,,\t, congo=2\t"]))
        #expect(state.headerValue == "rojo=1,congo=2")
    }

    @Test func init_onlyEmptyMembers_isEmpty() throws {
        let state = try #require(TraceState(headerValues: [" , ,"]))
        #expect(state.members.isEmpty)
        #expect(state.headerValue == nil)
    }

    @Test(arguments: [
        "Rojo=1",  // upper-case key
        "1rojo=1",  // simple key starting with a digit
        "ro.jo=1",  // '.' is not a key character
        "rojo=",  // empty value
        "rojo=a=b",  // '=' in the value
        "rojo=1,congo",  // member without '='
        "rojo=1,rojo=2",  // duplicate key
        "t@1s=1",  // system id starting with a digit
        "@s=1",  // empty tenant id
        "t@=1",  // empty system id
        "t@abcdefghijklmno=1",  // system id of 15 characters
        "rojo=caf\u{E9}",  // non-ASCII value
    ])
    func init_invalidList_isNil(_ value: String) {
        #expect(TraceState(headerValues: [value]) == nil)
    }

    @Test func init_duplicateKeysAcrossHeaderValues_isNil() {
        #expect(TraceState(headerValues: ["rojo=1", "rojo=2"]) == nil)
    }

    @Test func init_multiTenantKeys_areValid() throws {
        let state = try #require(TraceState(headerValues: ["fw529a3039@dt=1,7t@s=2,a*b/c_d-e=3"]))
        #expect(state.members.map(\.key) == ["fw529a3039@dt", "7t@s", "a*b/c_d-e"])
    }

    @Test func init_keyOf256Characters_isValidAnd257IsNot() {
        let key256 = "a" + String(repeating: "b", count: 255)
        #expect(TraceState(headerValues: ["\(key256)=1"]) != nil)
        #expect(TraceState(headerValues: ["\(key256)b=1"]) == nil)
    }

    @Test func init_thirtyTwoMembers_isKept() throws {
        let state = try #require(TraceState(headerValues: [members(32).joined(separator: ",")]))
        #expect(state.members.count == 32)
    }

    @Test func init_thirtyThreeMembers_isNil() {
        #expect(TraceState(headerValues: [members(33).joined(separator: ",")]) == nil)
        #expect(TraceState(headerValues: [members(16).joined(separator: ","), members(17).map { "x" + $0 }.joined(separator: ",")]) == nil)
    }

    @Test func update_existingKey_movesItToTheFront() throws {
        var state = try #require(TraceState(headerValues: ["rojo=1,congo=2"]))
        state.update(key: "congo", value: "3")
        #expect(state.headerValue == "congo=3,rojo=1")
    }

    @Test func update_fullList_dropsTheLastMember() throws {
        var state = try #require(TraceState(headerValues: [members(32).joined(separator: ",")]))
        state.update(key: "new", value: "1")
        #expect(state.members.count == 32)
        #expect(state.members.first?.key == "new")
        #expect(state["k31"] == nil)
    }

    @Test func headerValue_exactly512Characters_isKept() throws {
        let list = (members(7, valueLength: 60) + ["k7=" + String(repeating: "v", count: 61)]).joined(separator: ",")
        #expect(list.utf8.count == 512)
        let state = try #require(TraceState(headerValues: [list]))
        #expect(state.headerValue == list)
    }

    @Test func headerValue_over512Characters_removesMembersOver128CharactersFirst() throws {
        let long = "big=" + String(repeating: "x", count: 200)
        let short = members(5, valueLength: 60)
        let state = try #require(TraceState(headerValues: [([long] + short).joined(separator: ",")]))
        #expect(state.headerValue == short.joined(separator: ","))
    }

    @Test func headerValue_over512Characters_thenRemovesMembersFromTheEnd() throws {
        let list = members(10, valueLength: 60)  // 63 characters each
        let state = try #require(TraceState(headerValues: [list.joined(separator: ",")]))
        let emitted = try #require(state.headerValue)
        #expect(emitted == list.prefix(8).joined(separator: ","))
        #expect(emitted.utf8.count <= TraceState.maximumLength)
    }

    @Test func headerValue_shortLongMemberUnderTheLimit_isKept() throws {
        let long = "big=" + String(repeating: "x", count: 200)
        let state = try #require(TraceState(headerValues: [long]))
        #expect(state.headerValue == long)
    }
}
