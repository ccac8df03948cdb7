extension TaskSnapshot {
    /// The snapshot for people, one block per group:
    ///
    /// ```
    /// 3 live tracked tasks
    ///
    /// 2 orders.consume  Orders/Consumer.swift:42
    ///   age 0.5 s .. 310.2 s, 1 past deadline (earliest -10.0 s), 1 suspected leak
    ///   traces 4bf92f3577b34da6a3ce929d0e0e4736
    /// ```
    public func renderText() -> String {
        var text = "\(liveTasks) live tracked task\(liveTasks == 1 ? "" : "s")\n"
        for group in groups {
            text += "\n\(group.count) \(group.name)  \(group.site)\n"
            text += "  age \(group.youngestAgeSeconds) s .. \(group.oldestAgeSeconds) s"
            if let earliest = group.earliestDeadlineInSeconds {
                text += ", \(group.withDeadline) with deadline, \(group.pastDeadline) past deadline (earliest in \(earliest) s)"
            }
            if group.suspectedLeaks > 0 {
                text += ", \(group.suspectedLeaks) suspected leak\(group.suspectedLeaks == 1 ? "" : "s")"
            }
            text += "\n"
            if !group.traceIDs.isEmpty {
                text += "  traces \(group.traceIDs.joined(separator: " "))\n"
            }
        }
        return text
    }
}
