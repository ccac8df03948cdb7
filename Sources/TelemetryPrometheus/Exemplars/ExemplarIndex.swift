import Synchronization

/// Every histogram series' ``ExemplarReservoir``, by family name and rendered label set.
///
/// The key is the label bytes swift-prometheus writes between `{` and `,le=` on the series'
/// `_bucket` lines, so a scrape can find a line's reservoir without parsing its labels.
final class ExemplarIndex: Sendable {
    /// Reservoirs of one family, by rendered label set.
    typealias Family = [[UInt8]: ExemplarReservoir]

    private let families = Mutex<[String: Family]>([:])

    /// The series' reservoir, created on first use.
    func reservoir(family name: String, labels: [UInt8], bucketCount: Int) -> ExemplarReservoir {
        families.withLock { families in
            if let existing = families[name]?[labels] { return existing }
            let reservoir = ExemplarReservoir(bucketCount: bucketCount)
            families[name, default: [:]][labels] = reservoir
            return reservoir
        }
    }

    /// Forgets a series (its histogram was destroyed).
    func remove(family name: String, labels: [UInt8]) {
        families.withLock { families in
            families[name]?[labels] = nil
            if families[name]?.isEmpty == true { families[name] = nil }
        }
    }

    /// All families, for one scrape.
    func snapshot() -> [String: Family] {
        families.withLock { $0 }
    }
}
