import GRPCCore
import TelemetryCore
import TelemetryGRPC
import TelemetryTesting
import Testing
import Tracing

@Suite struct TracingServerInterceptorTests {
    @Test func unaryCall_fromTracedClient_serverSpanIsChildOfClientSpan() async throws {
        try await InProcessHarness.run { harness in
            let reply = try await harness.unary(EchoService.echo, "hello")

            #expect(reply == "hello")
            let client = try #require(harness.spans(.client, EchoService.echo).first)
            let server = try #require(harness.spans(.server, EchoService.echo).first)
            #expect(server.traceID == client.traceID)
            #expect(server.parentSpanID == client.spanID)
            #expect(client.parentSpanID == nil)
        }
    }

    @Test func unaryCall_succeeding_hasRPCAttributesAndNoError() async throws {
        try await InProcessHarness.run { harness in
            _ = try await harness.unary(EchoService.echo, "hello")

            let server = try #require(harness.spans(.server, EchoService.echo).first)
            #expect(server.operationName == "kit.test.Echo/Echo")
            #expect(server.attribute("rpc.system.name") == .string("grpc"))
            #expect(server.attribute("rpc.method") == .string("kit.test.Echo/Echo"))
            #expect(server.attribute("rpc.response.status_code") == .string("OK"))
            #expect(server.attribute("error.type") == nil)
            #expect(server.status == nil)
        }
    }

    @Test func unaryCall_failingWithServerFault_marksServerSpanAsError() async throws {
        try await InProcessHarness.run { harness in
            let error = await #expect(throws: RPCError.self) { try await harness.unary(EchoService.echo, "fail:internal") }

            #expect(error?.code == .internalError)
            let server = try #require(harness.spans(.server, EchoService.echo).first)
            #expect(server.attribute("rpc.response.status_code") == .string("INTERNAL"))
            #expect(server.attribute("error.type") == .string("INTERNAL"))
            #expect(server.status?.code == .error)
        }
    }

    @Test func unaryCall_failingWithCallerFault_leavesServerSpanUnmarked() async throws {
        try await InProcessHarness.run { harness in
            await #expect(throws: RPCError.self) { try await harness.unary(EchoService.echo, "fail:notFound") }

            let server = try #require(harness.spans(.server, EchoService.echo).first)
            #expect(server.attribute("rpc.response.status_code") == .string("NOT_FOUND"))
            #expect(server.attribute("error.type") == nil)
            #expect(server.status == nil)
        }
    }

    @Test func unaryCall_handlerThrowingPlainError_endsAsUnknown() async throws {
        try await InProcessHarness.run { harness in
            let error = await #expect(throws: RPCError.self) { try await harness.unary(EchoService.echo, "throw") }

            #expect(error?.code == .unknown)
            let server = try #require(harness.spans(.server, EchoService.echo).first)
            #expect(server.attribute("rpc.response.status_code") == .string("UNKNOWN"))
            #expect(server.status?.code == .error)
        }
    }

    @Test func serverStreamingCall_streamingSeveralMessages_endsSpanAfterTheStream() async throws {
        try await InProcessHarness.run { harness in
            let messages = try await harness.client.serverStreaming(
                request: ClientRequest(message: "3"),
                descriptor: EchoService.count,
                serializer: UTF8Serializer(),
                deserializer: UTF8Deserializer(),
                options: .defaults
            ) { response in
                var messages: [String] = []
                for try await message in response.messages { messages.append(message) }
                return messages
            }

            #expect(messages == ["0", "1", "2"])
            #expect(harness.probe.serverSpanEndedBeforeStreamFinished == false)
            let server = try #require(harness.spans(.server, EchoService.count).first)
            let client = try #require(harness.spans(.client, EchoService.count).first)
            #expect(server.attribute("rpc.response.status_code") == .string("OK"))
            #expect(client.attribute("rpc.response.status_code") == .string("OK"))
            #expect(client.endNanoseconds >= server.endNanoseconds)
        }
    }

    @Test func calls_withSameMethodAndStatus_recordDurationOnOneBoundedTimer() async throws {
        try await InProcessHarness.run { harness in
            _ = try await harness.unary(EchoService.echo, "one")
            _ = try await harness.unary(EchoService.echo, "two")

            let timers = harness.metrics.timers(label: "rpc_server_call_duration_seconds")
            let timer = try #require(timers.first)
            #expect(timers.count == 1)
            #expect(timer.dimensions.map(\.0) == ["rpc_system_name", "rpc_method", "rpc_response_status_code"])
            #expect(timer.dimensions.map(\.1) == ["grpc", "kit.test.Echo/Echo", "OK"])
            #expect(timer.values.count == 2)
            #expect(timer.values.allSatisfy { $0 > 0 })
        }
    }

    @Test func call_withTimeout_exposesDeadlineToHandler() async throws {
        try await InProcessHarness.run { harness in
            let remaining = try await harness.unary(EchoService.deadline, "", timeout: .seconds(5))

            let milliseconds = try #require(Int(remaining))
            #expect(milliseconds > 0 && milliseconds <= 5000)
        }
    }

    @Test func call_withoutTimeout_exposesNoDeadline() async throws {
        try await InProcessHarness.run { harness in
            let reply = try await harness.unary(EchoService.deadline, "")

            #expect(reply == "none")
        }
    }

    @Test func call_outlivingItsDeadline_endsAsDeadlineExceeded() async throws {
        let harness = try await InProcessHarness.run { harness in
            // Connect first: `grpc-timeout` is computed before the stream waits for a connection.
            _ = try await harness.unary(EchoService.echo, "warm-up")
            let error = await #expect(throws: RPCError.self) {
                try await harness.unary(EchoService.hang, "", timeout: .milliseconds(100))
            }
            #expect(error?.code == .deadlineExceeded)
            return harness
        }

        // The client gives up on its own clock; the server span ends once the server has drained.
        let server = try #require(harness.spans(.server, EchoService.hang).first)
        #expect(server.attribute("rpc.response.status_code") == .string("DEADLINE_EXCEEDED"))
        #expect(server.status?.code == .error)
        let client = try #require(harness.spans(.client, EchoService.hang).first)
        #expect(client.attribute("rpc.response.status_code") == .string("DEADLINE_EXCEEDED"))
    }
}
