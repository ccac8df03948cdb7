/// Pure functions over SQL text for span attributes: literals stripped, summary derived.
enum QueryText {
    /// `sql` with string and numeric literals replaced by `?` (placeholders such as `$1` stay).
    ///
    /// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/database/database-spans/#sanitization-of-dbquerytext
    static func sanitized(_ sql: String) -> String {
        var output = String.UnicodeScalarView()
        var scalars = sql.unicodeScalars[...]
        var previous: Unicode.Scalar = " "
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "'":
                // Skip the literal, '' being an escaped quote inside it.
                while let next = scalars.popFirst() {
                    if next == "'" {
                        if scalars.first == "'" { scalars.removeFirst() } else { break }
                    }
                }
                output.append("?")
                previous = "?"
            case "0"..."9" where !Self.isWordScalar(previous) && previous != "$" && previous != "?":
                while let next = scalars.first, Self.isWordScalar(next) || next == "." { scalars.removeFirst() }
                output.append("?")
                previous = "?"
            default:
                output.append(scalar)
                previous = scalar
            }
        }
        return String(output)
    }

    /// `{operation} {first table}`, e.g. `SELECT outbox`; just the operation when no table is named.
    static func summary(of sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "(" || $0 == ")" || $0 == "," })
        guard let first = words.first else { return "" }
        let operation = first.uppercased()
        let tableAfter: Set<String> = ["FROM", "INTO", "UPDATE", "TABLE", "JOIN"]
        var skip: Set<String> = ["IF", "NOT", "EXISTS", "ONLY"]
        if operation == "WITH" { skip.insert("RECURSIVE") }
        for (index, word) in words.enumerated() where tableAfter.contains(word.uppercased()) {
            var candidate = index + 1
            while candidate < words.count, skip.contains(words[candidate].uppercased()) { candidate += 1 }
            guard candidate < words.count else { break }
            let table = words[candidate].trimmingCharacters(in: ["\"", ";"])
            if !table.isEmpty, table.first != "$", table.first != "?" {
                return "\(operation) \(table)"
            }
        }
        return operation
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
