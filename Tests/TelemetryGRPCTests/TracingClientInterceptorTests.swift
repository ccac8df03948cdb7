import GRPCCore
import TelemetryCore
import TelemetryGRPC
import TelemetryTesting
import Testing
import Tracing

@Suite struct TracingClientInterceptorTests {
    @Test func call_insideParentSpan_sendsItsOwnSpanAsParent() async throws {
        try await InProcessHarness.run { harness in
            let parent = harness.tracer.startSpan("checkout")
            let replies = try await ServiceContext.$current.withValue(parent.context) {
                [try await harness.unary(EchoService.headers, ""), try await harness.unary(EchoService.headers, "")]
            }
            parent.end()

            let clients = harness.spans(.client, EchoService.headers)
            let checkout = try #require(harness.backend.finishedSpans.first { $0.operationName == "checkout" })
            #expect(clients.count == 2)
            for client in clients {
                #expect(client.traceID == checkout.traceID)
                #expect(client.parentSpanID == checkout.spanID)
            }
            let parentIDs = try replies.map { reply in
                let header = reply.split(separator: "|", omittingEmptySubsequences: false)[0]
                let traceParent = try #require(TraceParent(String(header)))
                #expect(traceParent.traceID == checkout.traceID)
                return traceParent.parentID
            }
            #expect(Set(parentIDs) == Set(clients.map(\.spanID)))
        }
    }

    @Test func call_withBaggageInContext_sendsBaggage() async throws {
        try await InProcessHarness.run { harness in
            var context = ServiceContext.topLevel
            var baggage = Baggage()
            baggage["saga.id"] = "7f3c"
            context.baggage = baggage
            let reply = try await ServiceContext.$current.withValue(context) {
                try await harness.unary(EchoService.headers, "")
            }

            #expect(reply.split(separator: "|").last == "saga.id=7f3c")
        }
    }

    @Test func call_failing_marksClientSpanAsErrorWithStatusName() async throws {
        try await InProcessHarness.run { harness in
            await #expect(throws: RPCError.self) { try await harness.unary(EchoService.echo, "fail:notFound") }

            let client = try #require(harness.spans(.client, EchoService.echo).first)
            #expect(client.attribute("rpc.system.name") == .string("grpc"))
            #expect(client.attribute("rpc.method") == .string("kit.test.Echo/Echo"))
            #expect(client.attribute("rpc.response.status_code") == .string("NOT_FOUND"))
            #expect(client.attribute("error.type") == .string("NOT_FOUND"))
            #expect(client.status?.code == .error)
        }
    }

    @Test func call_succeeding_recordsClientDurationWithBoundedLabels() async throws {
        try await InProcessHarness.run { harness in
            _ = try await harness.unary(EchoService.echo, "hello")

            let timer = try #require(harness.metrics.timers(label: "rpc_client_call_duration_seconds").first)
            #expect(timer.dimensions.map(\.1) == ["grpc", "kit.test.Echo/Echo", "OK"])
            #expect(timer.values.count == 1)
        }
    }

    @Test func nestedCall_withLongerOwnTimeout_usesRemainingIncomingDeadline() async throws {
        try await InProcessHarness.run { harness in
            // Deadlines far above a call's time: the suite shares two cores with hundreds of tests.
            let remaining = try await harness.unary(EchoService.relay, "120000", timeout: .seconds(30))

            let milliseconds = try #require(Int(remaining))
            #expect(milliseconds > 0 && milliseconds <= 30000)
            let relay = try #require(harness.spans(.server, EchoService.relay).first)
            let downstream = try #require(harness.spans(.server, EchoService.deadline).first)
            let outgoing = try #require(harness.spans(.client, EchoService.deadline).first)
            #expect(outgoing.parentSpanID == relay.spanID)
            #expect(downstream.parentSpanID == outgoing.spanID)
        }
    }

    @Test func nestedCall_withShorterOwnTimeout_keepsOwnTimeout() async throws {
        try await InProcessHarness.run { harness in
            let remaining = try await harness.unary(EchoService.relay, "10000", timeout: .seconds(30))

            let milliseconds = try #require(Int(remaining))
            #expect(milliseconds > 0 && milliseconds <= 10000)
        }
    }

    @Test func call_withExpiredIncomingDeadline_failsFastWithoutSending() async throws {
        try await InProcessHarness.run { harness in
            var context = ServiceContext.topLevel
            context.grpcDeadline = .now - .seconds(1)
            let error = await #expect(throws: RPCError.self) {
                try await ServiceContext.$current.withValue(context) {
                    try await harness.unary(EchoService.deadline, "")
                }
            }

            #expect(error?.code == .deadlineExceeded)
            #expect(harness.probe.deadlineCalls == 0)
            #expect(harness.spans(.server, EchoService.deadline).isEmpty)
            let client = try #require(harness.spans(.client, EchoService.deadline).first)
            #expect(client.attribute("rpc.response.status_code") == .string("DEADLINE_EXCEEDED"))
            #expect(client.status?.code == .error)
        }
    }
}
