import Foundation

/// Payment's own settings, beside the runtime's.
struct PaymentSettings: Sendable, Equatable {
    /// `PAYMENT_GATEWAY_LATENCY_MS`: the simulated gateway's answer time (default 5).
    var gatewayLatency: Duration = .milliseconds(5)
    /// `PAYMENT_DECLINE_RATE`: the share of orders declined, 0.0 ... 1.0 (default 0.0), decided from the order id.
    var declineRate: Double = 0

    /// A setting that cannot be used.
    struct InvalidSetting: Error, Equatable, CustomStringConvertible {
        var variable: String
        var value: String
        var expected: String
        var description: String { "\(variable)=\"\(value)\" is not valid: expected \(expected)" }
    }

    /// Reads the variables; throws on an unusable value.
    static func from(_ environment: [String: String]) throws(InvalidSetting) -> PaymentSettings {
        var settings = PaymentSettings()
        if let raw = environment["PAYMENT_GATEWAY_LATENCY_MS"], !raw.isEmpty {
            guard let milliseconds = Int(raw), milliseconds >= 0 else {
                throw InvalidSetting(variable: "PAYMENT_GATEWAY_LATENCY_MS", value: raw, expected: "a whole number of milliseconds >= 0")
            }
            settings.gatewayLatency = .milliseconds(milliseconds)
        }
        if let raw = environment["PAYMENT_DECLINE_RATE"], !raw.isEmpty {
            guard let rate = Double(raw), (0...1).contains(rate) else {
                throw InvalidSetting(variable: "PAYMENT_DECLINE_RATE", value: raw, expected: "a number from 0.0 to 1.0")
            }
            settings.declineRate = rate
        }
        return settings
    }
}
