import Foundation

/// JSON serialisation for the admin port's small documents (sorted keys, so output is stable).
enum JSONText {
    static func encode(_ object: Any) -> [UInt8] {
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return Array("{}".utf8) }
        return Array(data) + [UInt8(ascii: "\n")]
    }
}
