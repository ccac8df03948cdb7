import Testing

@testable import Payment

@Suite struct PaymentSettingsTests {
    @Test func noVariables_read_giveTheDocumentedDefaults() throws {
        #expect(try PaymentSettings.from([:]) == PaymentSettings(gatewayLatency: .milliseconds(5), declineRate: 0))
    }

    @Test func validVariables_read_areUsed() throws {
        let settings = try PaymentSettings.from(["PAYMENT_GATEWAY_LATENCY_MS": "0", "PAYMENT_DECLINE_RATE": "0.25"])
        #expect(settings == PaymentSettings(gatewayLatency: .zero, declineRate: 0.25))
    }

    @Test(arguments: [("PAYMENT_GATEWAY_LATENCY_MS", "-1"), ("PAYMENT_GATEWAY_LATENCY_MS", "fast"), ("PAYMENT_DECLINE_RATE", "1.5"), ("PAYMENT_DECLINE_RATE", "x")])
    func invalidValue_read_failsNamingTheVariable(variable: String, value: String) {
        #expect(throws: PaymentSettings.InvalidSetting.self) { try PaymentSettings.from([variable: value]) }
        do {
            _ = try PaymentSettings.from([variable: value])
        } catch {
            #expect(error.variable == variable && error.value == value)
        }
    }
}
