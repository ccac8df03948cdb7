// swift-tools-version:6.1
import PackageDescription

// The telemetry kit is split by the dependency each part brings:
// - TelemetryCore: W3C propagation, the kit tracer, JSON logs. Only the Swift observability APIs.
// - TelemetryOTLP: OTLP export through swift-otel.
// - TelemetryPrometheus: /metrics exposition (Prometheus text and OpenMetrics with exemplars).
// - TelemetryHTTP: Hummingbird middleware and the traced AsyncHTTPClient.
// - TelemetryGRPC: grpc-swift-2 client and server interceptors.
// - ServiceRuntime: what a commerce service's `main` uses.
// - Profiling (+ its C shim CProfiling): CPU profiles in pprof format, thread dumps, heap statistics.
//   No dependency beyond the standard library: the admin server wraps it in HTTP.
// - TaskTracking: named, tracked tasks, their metrics and the leak watchdog. No HTTP/gRPC/NIO of its own.
// - TelemetryTesting: the shared carrier conformance suite and test helpers (the task-leak check included).
// - Storage: each service's database (PostgreSQL, or embedded SQLite), migrations, outbox and inbox.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "commerce-platform",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TelemetryCore", targets: ["TelemetryCore"]),
        .library(name: "TelemetryOTLP", targets: ["TelemetryOTLP"]),
        .library(name: "TelemetryPrometheus", targets: ["TelemetryPrometheus"]),
        .library(name: "TelemetryHTTP", targets: ["TelemetryHTTP"]),
        .library(name: "TelemetryGRPC", targets: ["TelemetryGRPC"]),
        .library(name: "TaskTracking", targets: ["TaskTracking"]),
        .library(name: "ServiceRuntime", targets: ["ServiceRuntime"]),
        .library(name: "Profiling", targets: ["Profiling"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .executable(name: "kafka-mock-broker", targets: ["KafkaMockBroker"]),
        .library(name: "FlightRecorder", targets: ["FlightRecorder"]),
        .library(name: "DiagnosticsServer", targets: ["DiagnosticsServer"]),
        .executable(name: "catalog", targets: ["Catalog"]),
        .library(name: "CommerceAPI", targets: ["CommerceAPI"]),
        .library(name: "CommerceEvents", targets: ["CommerceEvents"]),
        .executable(name: "loadgen", targets: ["LoadGenerator"]),
        .executable(name: "pricing", targets: ["Pricing"]),
        .executable(name: "inventory", targets: ["Inventory"]),
        .library(name: "Resilience", targets: ["Resilience"]),
        .executable(name: "checkout", targets: ["Checkout"]),
        .executable(name: "payment", targets: ["Payment"]),
        .executable(name: "order", targets: ["Order"]),
    ],
    dependencies: [
        // The tracing API every adapter instruments against (and ServiceContext, the context carrier).
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // Logging API; the kit supplies a JSON-lines handler with trace ids.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Metrics API; TelemetryPrometheus is its backend.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // ByteBuffer and HTTP/1 headers, for the HTTP adapter and the runtime.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // OTLP export (gRPC and HTTP/protobuf), batch span processor, OTEL_* configuration.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0"),
        // Prometheus series storage and text exposition; the kit adds help texts, exemplars and OpenMetrics.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // ServiceGroup: ordered start, signal handling and graceful shutdown.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // The outgoing HTTP client the kit traces.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // The HTTP server of every public and metrics/health port.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // gRPC core (interceptors, server, client) and its HTTP/2 transport for service-to-service calls.
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        // Storage: the production PostgreSQL client (connection pool, extended protocol with bound parameters).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Storage: the embedded store for local runs (SQLite, no server needed).
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        // The services' gRPC contracts: protobuf messages and the generated grpc-swift-2 stubs (both already
        // in the graph through swift-otel's OTLP/gRPC exporter, so they add no build time).
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        // Checkout: SHA-1 for name-based (UUIDv5) order ids from an Idempotency-Key (already in the graph
        // through postgres-nio and swift-otel, so it adds no build time).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // The load generator's command line (loadgen --rate/--concurrency ...).
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // The load generator's latency percentiles: an HDR histogram (constant memory, 3 significant digits).
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        .target(
            name: "TelemetryCore",
            dependencies: [
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TelemetryOTLP",
            dependencies: [
                "TelemetryCore",
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TelemetryPrometheus",
            dependencies: [
                "TelemetryCore",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TelemetryHTTP",
            dependencies: [
                "TelemetryCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TelemetryGRPC",
            dependencies: [
                "TelemetryCore",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TaskTracking",
            dependencies: [
                "TelemetryCore",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceRuntime",
            dependencies: [
                "TelemetryCore",
                // A service's database, Kafka clients, outbox relay and event consumers, wired into its ServiceGroup.
                "Kafka", "Storage", "Messaging",
                "TaskTracking",
                "TelemetryOTLP",
                "TelemetryPrometheus",
                "TelemetryHTTP",
                "TelemetryGRPC",
                "FlightRecorder",
                "DiagnosticsServer",
                "Profiling",
                // Circuit breakers (opening one dumps the flight recorder) and retries for outgoing calls.
                "Resilience",
                // The event loops Hummingbird runs on, for the flight recorder's event-loop lag sample.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // librdkafka (Debian's librdkafka-dev) and its mock cluster; imported only by Kafka.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                "TelemetryCore",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The flight recorder: no NIO, no HTTP. ServiceLifecycle only for its background `Service`.
        .target(
            name: "FlightRecorder",
            dependencies: [
                "TelemetryCore",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "KafkaMockBroker",
            dependencies: ["Kafka"],
            path: "Sources/Tools/KafkaMockBroker",
            swiftSettings: swiftSettings
        ),
        // The admin diagnostics port (loopback, /debug/*): a Hummingbird listener of its own.
        .target(
            name: "DiagnosticsServer",
            dependencies: [
                "TelemetryCore",
                "FlightRecorder",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TelemetryTesting",
            dependencies: [
                "TelemetryCore",
                "TaskTracking",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // What the services' tests share: a fresh SQLite or PostgreSQL database per test with the service's
        // migrations, and delivery of envelopes through a real EventConsumer without a broker.
        .target(
            name: "ServiceTesting",
            dependencies: [
                "Storage", "Messaging", "Kafka",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Events over Kafka with the outbox and inbox: the glue between Kafka and Storage.
        .target(
            name: "Messaging",
            dependencies: [
                "TelemetryCore", "Kafka", "Storage",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "CProfiling"),
        .target(
            name: "Profiling",
            dependencies: ["CProfiling"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Storage",
            dependencies: [
                "TelemetryCore",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "OutboxRelayProbe",
            dependencies: [
                // Kafka + Messaging: the probe can publish through KafkaOutboxPublisher (the Kafka crash test).
                "Storage", "TelemetryCore", "Kafka", "Messaging",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Tools/OutboxRelayProbe",
            swiftSettings: swiftSettings
        ),
        // The services' gRPC contracts (`commerce.<service>.v1`): .proto files and the Swift code
        // scripts/generate-protos.sh generates from them (committed; CI checks it is current).
        .target(
            name: "CommerceAPI",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ],
            exclude: ["Protos"],
            swiftSettings: swiftSettings
        ),
        // The checkout saga's events (versioned envelopes, one documented schema per type).
        .target(
            name: "CommerceEvents",
            dependencies: [
                "Messaging", "TelemetryCore",
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Catalog",
            dependencies: [
                "ServiceRuntime", "Storage", "Messaging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
            ],
            path: "Sources/Services/Catalog",
            swiftSettings: swiftSettings
        ),
        // loadgen: drives POST /checkout at a rate (open model) or a concurrency (closed model) and matches
        // order.confirmed / order.failed from Kafka by order id for checkout-to-confirmed latency.
        .executableTarget(
            name: "LoadGenerator",
            dependencies: [
                "Kafka", "Messaging", "CommerceEvents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Tools/LoadGenerator",
            swiftSettings: swiftSettings
        ),
        // The checkout slice end to end: the kafka-mock-broker and the six service processes (SQLite or
        // PostgreSQL), traces read back at the OTLP receiver scripts/test.sh starts.
        .testTarget(
            name: "CheckoutSliceTests",
            dependencies: [
                "TelemetryCore", "TelemetryTesting", "CommerceEvents",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoadGeneratorTests",
            dependencies: ["LoadGenerator"],
            swiftSettings: swiftSettings
        ),
        // Pricing (issue 5): base prices, customer-group prices and price rules; gRPC GetPrices; publishes price.updated.
        .executableTarget(
            name: "Pricing",
            dependencies: [
                "ServiceRuntime", "Storage", "Messaging", "CommerceAPI", "CommerceEvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
            ],
            path: "Sources/Services/Pricing",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PricingTests",
            dependencies: [
                "Pricing", "Storage", "Messaging", "CommerceAPI", "CommerceEvents", "ServiceRuntime", "TelemetryTesting", "ServiceTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Inventory (issue 5): stock levels and reservations; gRPC GetLevels + WatchStock; the saga's reserve/release steps.
        .executableTarget(
            name: "Inventory",
            dependencies: [
                "ServiceRuntime", "Storage", "Messaging", "Kafka", "CommerceAPI", "CommerceEvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Services/Inventory",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "InventoryTests",
            dependencies: [
                "Inventory", "Storage", "Messaging", "Kafka", "CommerceAPI", "CommerceEvents", "ServiceRuntime", "TelemetryTesting", "ServiceTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // Circuit breaker and retries with backoff for synchronous calls: metrics and logs only, no gRPC/NIO.
        .target(
            name: "Resilience",
            dependencies: [
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ResilienceTests",
            dependencies: ["Resilience", .product(name: "MetricsTestKit", package: "swift-metrics"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Checkout: POST /checkout prices (Pricing) and checks stock (Inventory) over gRPC, then publishes
        // checkout.order.created through its outbox.
        .executableTarget(
            name: "Checkout",
            dependencies: [
                "ServiceRuntime", "Storage", "Messaging", "CommerceAPI", "CommerceEvents", "Resilience", "TelemetryGRPC",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Services/Checkout",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CheckoutTests",
            dependencies: [
                "Checkout", "CommerceAPI", "CommerceEvents", "Storage", "Messaging", "Resilience", "TelemetryCore", "TelemetryTesting", "ServiceTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // Payment: charges the order through a simulated gateway (idempotent per order), refunds.
        .executableTarget(
            name: "Payment",
            dependencies: [
                "ServiceRuntime", "Storage", "Messaging", "Kafka", "CommerceEvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Sources/Services/Payment",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PaymentTests",
            dependencies: [
                "Payment", "Storage", "Messaging", "Kafka", "CommerceEvents", "TelemetryTesting", "ServiceRuntime", "ServiceTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Order: the order lifecycle state machine of the checkout saga, GET /orders/{id}.
        .executableTarget(
            name: "Order",
            dependencies: [
                "ServiceRuntime", "Storage", "Messaging", "Kafka", "CommerceEvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Sources/Services/Order",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OrderTests",
            dependencies: [
                "Order", "Storage", "Messaging", "Kafka", "CommerceEvents", "TelemetryTesting", "ServiceRuntime", "ServiceTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TelemetryCoreTests",
            dependencies: ["TelemetryCore", "TelemetryTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TelemetryHTTPTests",
            dependencies: [
                "TelemetryHTTP", "TelemetryTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TelemetryGRPCTests",
            dependencies: [
                "TelemetryGRPC", "TelemetryTesting", "TaskTracking",
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TelemetryPrometheusTests",
            dependencies: ["TelemetryPrometheus", "TelemetryTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingTests",
            dependencies: [
                "Messaging", "Kafka", "Storage", "TelemetryCore", "TelemetryTesting",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProfilingTests",
            dependencies: ["Profiling", "TelemetryTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TaskTrackingTests",
            dependencies: [
                "TaskTracking", "TelemetryTesting", "TelemetryCore", "TelemetryPrometheus",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Storage", "TelemetryCore", "TelemetryTesting",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: [
                "Kafka", "TelemetryTesting",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlightRecorderTests",
            dependencies: [
                "FlightRecorder", "TelemetryCore", "TelemetryOTLP", "TelemetryTesting",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DiagnosticsServerTests",
            dependencies: [
                "DiagnosticsServer", "FlightRecorder", "TelemetryCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceRuntimeTests",
            dependencies: [
                "ServiceRuntime", "TelemetryTesting", "TelemetryHTTP", "TelemetryGRPC", "TaskTracking", "Kafka", "Storage", "Resilience",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Offline checks of otel/, grafana/ and deploy/: shells out to deploy/tools/validate.py, promtool,
        // a real Prometheus and kubectl; no product dependency.
        .testTarget(
            name: "OperationsTests",
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
