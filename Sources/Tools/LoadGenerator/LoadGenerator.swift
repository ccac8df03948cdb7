import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `loadgen`: drives checkouts against the running slice and reports throughput, errors and HDR latency
/// percentiles for the POST and for checkout-to-confirmed (matched by order id on Kafka).
@main
struct LoadGenerator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadgen",
        abstract: "Drives POST /checkout at a rate or a concurrency and measures checkout-to-confirmed.",
        discussion: """
            Open model with --rate (new checkouts per second, whether or not earlier ones were answered), closed \
            model with --concurrency (that many clients, each sending its next checkout when the last was answered). \
            Each saga's end is read from Kafka (order.confirmed / order.failed, matched by order id) and timed from \
            the start of its POST. A warm-up checkout runs first and is not counted. Ctrl-C ends the run early and \
            still reports.
            """
    )

    @Option(help: "Open model: checkouts started per second.")
    var rate: Double?

    @Option(help: "Closed model: concurrent clients.")
    var concurrency: Int?

    @Option(help: "How long to drive load, in seconds.")
    var duration: Double = 30

    @Option(help: "Checkout's public base URL.")
    var checkoutURL = "http://127.0.0.1:8081"

    @Option(help: "Kafka bootstrap servers, for order.confirmed / order.failed.")
    var kafkaBrokers: String

    @Option(help: "The listener's fetch.wait.max.ms: 10 suits the kafka-mock-broker (which holds each fetch that long); 0 keeps librdkafka's 500 for a real cluster.")
    var kafkaFetchWaitMs = 10

    @Option(help: "Comma-separated product ids to order (one random product per checkout).")
    var products = (1001...1019).map { "sku-\($0)" }.joined(separator: ",")

    @Option(help: "Share of checkouts (0-1) by a customer the payment gateway declines (decline-...).")
    var declineShare: Double = 0

    @Option(help: "Timeout of one POST, in seconds.")
    var requestTimeout: Double = 10

    @Option(help: "After the load, how long to wait for outstanding sagas, in seconds.")
    var sagaTimeout: Double = 30

    @Option(help: "Open model: the most POSTs in flight; a checkout due beyond it is counted as dropped.")
    var maxInFlight = 4096

    @Flag(help: "Print the final report as one JSON object on stdout (progress still goes to stderr).")
    var json = false

    func validate() throws {
        guard (rate == nil) != (concurrency == nil) else { throw ValidationError("give exactly one of --rate and --concurrency") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
        if let concurrency, concurrency <= 0 { throw ValidationError("--concurrency must be positive") }
        guard duration > 0 else { throw ValidationError("--duration must be positive") }
        guard (0...1).contains(declineShare) else { throw ValidationError("--decline-share must be within 0...1") }
        guard !productList.isEmpty else { throw ValidationError("--products is empty") }
    }

    var productList: [String] { products.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let logger = Logger(label: "loadgen")
        let recorder = LoadRecorder()
        let listener = try OutcomeListener(
            brokers: kafkaBrokers, fetchWait: kafkaFetchWaitMs > 0 ? .milliseconds(kafkaFetchWaitMs) : nil, recorder: recorder, logger: logger
        )
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(64, concurrency ?? 64)
        httpConfiguration.timeout = .init(connect: .seconds(5))
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
        let client = CheckoutClient(
            http: http,
            url: checkoutURL.hasSuffix("/") ? checkoutURL + "checkout" : checkoutURL + "/checkout",
            products: productList,
            declineShare: declineShare,
            timeout: .milliseconds(Int64(requestTimeout * 1000))
        )
        let group = ServiceGroup(services: [listener.producer, listener.consumer], logger: logger)
        let report: LoadReport
        do {
            report = try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                defer { tasks.cancelAll() }
                let driver = LoadDriver(client: client, recorder: recorder, options: self)
                let report = try await driver.warmUpAndRun()
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                return report
            }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
    }
}
