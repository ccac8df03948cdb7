import Foundation

/// Prints figures as `name: measured (target: X) ratio vs baseline: Y  MET|NOT MET`, details indented below.
enum Report {
    static func figure(_ name: String, measured: String, target: String, ratio: Double, baseline: String, met: Bool) {
        emit("\(name): \(measured) (target: \(target)) ratio vs baseline (\(baseline)): \(fixed(ratio, 2))x  \(met ? "MET" : "NOT MET")")
    }

    static func detail(_ text: String) {
        emit("    \(text)")
    }

    static func header(_ text: String) {
        emit("== \(text)")
    }

    static func emit(_ line: String) {
        print(line)
        fflush(nil)  // every stream: stdout is unreachable from Swift 6 without @preconcurrency
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// `812 ns, 9.0 allocs`
    static func describe(_ cost: Cost) -> String {
        "\(fixed(cost.nanoseconds, 1)) ns wall, \(fixed(cost.cpuNanoseconds, 1)) ns CPU (all threads), \(fixed(cost.allocations, 2)) allocs"
    }
}
