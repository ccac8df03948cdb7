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
}
