/// A W3C `tracestate` list: vendor-specific trace data carried beside `traceparent`.
///
/// Parsing follows W3C Trace Context Level 2: several header values are joined; empty list
/// members are skipped; a list with an invalid key or value, a duplicated key or more than
/// 32 members is invalid as a whole and is dropped. Emitting keeps the value within 512
/// characters by removing members longer than 128 characters first, then members from the end.
///
/// - SeeAlso: https://www.w3.org/TR/trace-context-2/#tracestate-header
public struct TraceState: Sendable, Hashable {
    /// One `key=value` list member.
    public struct Member: Sendable, Hashable {
        /// The vendor key (`simple-key` or `tenant@system`).
        public var key: String
        /// The opaque vendor value.
        public var value: String
    }

    /// The header's name.
    public static let headerName = "tracestate"
    /// The most list members a valid `tracestate` holds.
    public static let maximumMembers = 32
    /// The length the emitted header value is kept within.
    public static let maximumLength = 512
    static let truncationThreshold = 128

    /// The list members, most recently updated vendor first.
    public private(set) var members: [Member]

    /// An empty list.
    public init() { members = [] }

    /// Parses one or more header values; nil when the combined list is invalid and must be dropped.
    public init?(headerValues: [String]) {
        var members: [Member] = []
        for headerValue in headerValues {
            for rawMember in headerValue.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let trimmed = rawMember.trimmingOptionalWhitespace()
                if trimmed.isEmpty { continue }
                guard members.count < Self.maximumMembers,
                    let equals = trimmed.firstIndex(of: UInt8(ascii: "="))
                else { return nil }
                let key = trimmed[trimmed.startIndex..<equals]
                let value = trimmed[trimmed.index(after: equals)...]
                guard Self.isValidKey(key), Self.isValidValue(value) else { return nil }
                let member = Member(key: String(decoding: key, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
                guard !members.contains(where: { $0.key == member.key }) else { return nil }
                members.append(member)
            }
        }
        self.members = members
    }

    /// The value stored under `key`.
    public subscript(key: String) -> String? {
        members.first { $0.key == key }?.value
    }

    /// Moves or adds `key` to the front, as a vendor does when it updates its entry.
    public mutating func update(key: String, value: String) {
        members.removeAll { $0.key == key }
        members.insert(Member(key: key, value: value), at: 0)
        if members.count > Self.maximumMembers { members.removeLast(members.count - Self.maximumMembers) }
    }

    /// The header value within ``maximumLength``, or nil when nothing is left to send.
    public var headerValue: String? {
        var kept = members
        func length(_ list: [Member]) -> Int {
            list.reduce(list.isEmpty ? 0 : list.count - 1) { $0 + $1.key.utf8.count + 1 + $1.value.utf8.count }
        }
        if length(kept) > Self.maximumLength {
            kept.removeAll { $0.key.utf8.count + 1 + $0.value.utf8.count > Self.truncationThreshold }
            while length(kept) > Self.maximumLength { kept.removeLast() }
        }
        guard !kept.isEmpty else { return nil }
        return kept.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    static func isValidKey(_ key: Substring.UTF8View.SubSequence) -> Bool {
        if let at = key.firstIndex(of: UInt8(ascii: "@")) {
            let tenant = key[key.startIndex..<at]
            let system = key[key.index(after: at)...]
            guard (1...241).contains(tenant.count), (1...14).contains(system.count),
                let tenantFirst = tenant.first, tenantFirst.isLowercaseLetter || tenantFirst.isDigit,
                let systemFirst = system.first, systemFirst.isLowercaseLetter
            else { return false }
            return tenant.dropFirst().allSatisfy(\.isKeyCharacter) && system.dropFirst().allSatisfy(\.isKeyCharacter)
        }
        guard (1...256).contains(key.count), let first = key.first, first.isLowercaseLetter else { return false }
        return key.dropFirst().allSatisfy(\.isKeyCharacter)
    }

    static func isValidValue(_ value: Substring.UTF8View.SubSequence) -> Bool {
        guard (1...256).contains(value.count), let last = value.last, last != UInt8(ascii: " ") else { return false }
        return value.allSatisfy { (0x20...0x7E).contains($0) && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "=") }
    }
}

extension UInt8 {
    var isLowercaseLetter: Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) }
    var isDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
    var isKeyCharacter: Bool {
        isLowercaseLetter || isDigit || self == UInt8(ascii: "_") || self == UInt8(ascii: "-")
            || self == UInt8(ascii: "*") || self == UInt8(ascii: "/")
    }
}

extension Collection where Element == UInt8 {
    /// The bytes without leading and trailing spaces and tabs.
    func trimmingOptionalWhitespace() -> SubSequence {
        let start = firstIndex { !$0.isOptionalWhitespace } ?? endIndex
        var end = endIndex
        var index = start
        while index != endIndex {
            if !self[index].isOptionalWhitespace { end = self.index(after: index) }
            index = self.index(after: index)
        }
        return self[start..<end]
    }
}
