import GRPCCore
import Resilience
import Testing

@testable import ServiceRuntime

@Suite struct GRPCRetryClassifierTests {
    @Test(arguments: [RPCError.Code.unavailable, .resourceExhausted, .aborted, .deadlineExceeded])
    func isTransient_overloadOrOutage_true(code: RPCError.Code) {
        #expect(GRPCRetryClassifier.isTransient(RPCError(code: code, message: "")))
        #expect(GRPCRetryClassifier.isDependencyFailure(RPCError(code: code, message: "")))
    }

    @Test(arguments: [RPCError.Code.invalidArgument, .notFound, .failedPrecondition, .permissionDenied, .unauthenticated, .alreadyExists])
    func isTransient_callersMistake_falseAndNotABreakerFailure(code: RPCError.Code) {
        #expect(!GRPCRetryClassifier.isTransient(RPCError(code: code, message: "")))
        #expect(!GRPCRetryClassifier.isDependencyFailure(RPCError(code: code, message: "")))
    }

    @Test func isDependencyFailure_internalError_trueButNotRetried() {
        #expect(GRPCRetryClassifier.isDependencyFailure(RPCError(code: .internalError, message: "")))
        #expect(!GRPCRetryClassifier.isTransient(RPCError(code: .internalError, message: "")))
    }

    @Test func isTransient_openBreaker_falseAndNotABreakerFailure() {
        let error = CircuitBreakerError(code: .open, dependency: "pricing", message: "open")
        #expect(!GRPCRetryClassifier.isTransient(error))
        #expect(!GRPCRetryClassifier.isDependencyFailure(error))
    }

    typealias Outcome = CircuitBreaker<ContinuousClock>.Outcome

    func outcome(_ code: RPCError.Code, cutShortByCaller: Bool) -> Outcome {
        GRPCRetryClassifier.breakerOutcome(of: RPCError(code: code, message: ""), cutShortByCaller: cutShortByCaller)
    }

    @Test func breakerOutcome_deadlineExceededCutShortByCaller_ignored() {
        #expect(outcome(.deadlineExceeded, cutShortByCaller: true) == .ignored)
        #expect(outcome(.deadlineExceeded, cutShortByCaller: false) == .failure)
    }

    @Test func breakerOutcome_otherErrorsCutShortByCaller_classifiedAsUsual() {
        #expect(outcome(.unavailable, cutShortByCaller: true) == .failure)
        #expect(outcome(.invalidArgument, cutShortByCaller: true) == .success)
    }
}
