/// Call outcomes over a rolling window of fixed buckets, indexed by a bucket number (time / bucket width).
struct RollingWindow: Sendable {
    private var bucketIndex: [Int64]
    private var calls: [Int]
    private var failures: [Int]

    init(buckets: Int) {
        let size = max(buckets, 1)
        bucketIndex = Array(repeating: Int64.min, count: size)
        calls = Array(repeating: 0, count: size)
        failures = Array(repeating: 0, count: size)
    }

    /// Adds one outcome in bucket `bucket`.
    mutating func record(failure: Bool, bucket: Int64) {
        let slot = Int(((bucket % Int64(calls.count)) + Int64(calls.count)) % Int64(calls.count))
        if bucketIndex[slot] != bucket {
            bucketIndex[slot] = bucket
            calls[slot] = 0
            failures[slot] = 0
        }
        calls[slot] += 1
        if failure { failures[slot] += 1 }
    }

    /// The calls and failures of the buckets still inside the window that ends with bucket `bucket`.
    func totals(bucket: Int64) -> (calls: Int, failures: Int) {
        var total = 0
        var failed = 0
        for slot in calls.indices where bucketIndex[slot] > bucket - Int64(calls.count) && bucketIndex[slot] <= bucket {
            total += calls[slot]
            failed += failures[slot]
        }
        return (total, failed)
    }

    /// Forgets every outcome.
    mutating func reset() {
        for slot in calls.indices {
            bucketIndex[slot] = Int64.min
            calls[slot] = 0
            failures[slot] = 0
        }
    }
}
