import Synchronization

/// A thread-safe list of what handlers saw, for tests.
package final class Recorded<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])

    /// An empty list.
    package init() {}

    /// Adds `element`.
    package func append(_ element: Element) { items.withLock { $0.append(element) } }
    /// Everything so far.
    package var all: [Element] { items.withLock { $0 } }
    /// How many so far.
    package var count: Int { items.withLock { $0.count } }
}
