import Kafka
import Testing

@Suite struct KafkaRetryPolicyTests {
    @Test func delay_afterEachAttempt_staysWithinTheExponentialCap() {
        let policy = KafkaRetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            #expect(policy.delay(afterAttempt: 1, using: &generator) <= .milliseconds(100))
            #expect(policy.delay(afterAttempt: 3, using: &generator) <= .milliseconds(400))
            #expect(policy.delay(afterAttempt: 9, using: &generator) <= .seconds(1))
            #expect(policy.delay(afterAttempt: 9, using: &generator) >= .zero)
        }
    }

    @Test func delay_overManyDraws_isJitteredNotConstant() {
        let policy = KafkaRetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(1))
        var generator = SystemRandomNumberGenerator()
        let delays = Set((0..<20).map { _ in policy.delay(afterAttempt: 1, using: &generator) })
        #expect(delays.count > 1)
    }

    @Test func init_withZeroAttempts_allowsOne() {
        #expect(KafkaRetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}
