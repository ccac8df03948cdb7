// swift-tools-version:6.1
import PackageDescription

// The telemetry kit's benchmarks, apart from the kit so its users never build them.
//
// - `telemetry-bench`: in-process figures (spans, traceparent, gRPC interceptors, /metrics rendering)
//   and the cold-start probe; run it with the malloc interposer preloaded for allocation counts.
// - `http-bench-server`: the same Hummingbird route bare or with the kit's HTTP middleware, for `wrk`.
// - `profiling-bench`: CPU cost of the SIGPROF sampler at 100 Hz on a CPU-bound workload.
// - `task-bench`: tracked-task start against a plain child task, and 100k suspended tracked tasks' memory.
// - `outbox-bench`: outbox relay throughput and publish lag on PostgreSQL (`bash scripts/bench.sh outbox`).
// - `kafka-bench`: the Kafka wrapper's produce and consume throughput against raw librdkafka on the mock broker.
//
// - `KitMicro`: the synchronous hot paths under ordo-one's Benchmark (`swift package benchmark`).
//
// `scripts/bench.sh` (at the repository root) builds these in release and prints every figure.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "commerce-platform-benchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "telemetry-bench", targets: ["TelemetryBench"]),
        .executable(name: "http-bench-server", targets: ["HTTPBenchServer"]),
        .executable(name: "profiling-bench", targets: ["ProfilingBench"]),
        .executable(name: "task-bench", targets: ["TaskBench"]),
        .executable(name: "outbox-bench", targets: ["OutboxBench"]),
        .executable(name: "kafka-bench", targets: ["KafkaBench"]),
    ],
    dependencies: [
        .package(name: "commerce-platform", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.6.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    ],
    targets: [
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "TelemetryCore", package: "commerce-platform"),
                .product(name: "TelemetryOTLP", package: "commerce-platform"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/BenchSupport",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "TelemetryBench",
            dependencies: [
                "BenchSupport",
                .product(name: "TelemetryCore", package: "commerce-platform"),
                .product(name: "TelemetryOTLP", package: "commerce-platform"),
                .product(name: "TelemetryPrometheus", package: "commerce-platform"),
                .product(name: "TelemetryGRPC", package: "commerce-platform"),
                .product(name: "FlightRecorder", package: "commerce-platform"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
            ],
            path: "Benchmarks/TelemetryBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "HTTPBenchServer",
            dependencies: [
                "BenchSupport",
                .product(name: "TelemetryCore", package: "commerce-platform"),
                .product(name: "TelemetryOTLP", package: "commerce-platform"),
                .product(name: "TelemetryPrometheus", package: "commerce-platform"),
                .product(name: "TelemetryHTTP", package: "commerce-platform"),
                .product(name: "FlightRecorder", package: "commerce-platform"),
                .product(name: "Profiling", package: "commerce-platform"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/HTTPBenchServer",
            swiftSettings: swiftSettings
        ),
        // Raw librdkafka for kafka-bench's baseline (the same Debian librdkafka-dev the Kafka target uses).
        .systemLibrary(name: "CRdKafkaBaseline", path: "Benchmarks/CRdKafkaBaseline", pkgConfig: "rdkafka"),
        .executableTarget(
            name: "KafkaBench",
            dependencies: [
                "BenchSupport",
                "CRdKafkaBaseline",
                .product(name: "Kafka", package: "commerce-platform"),
                .product(name: "TelemetryCore", package: "commerce-platform"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/KafkaBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ProfilingBench",
            dependencies: [.product(name: "Profiling", package: "commerce-platform")],
            path: "Benchmarks/ProfilingBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "TaskBench",
            dependencies: [
                .product(name: "TaskTracking", package: "commerce-platform"),
                .product(name: "TelemetryPrometheus", package: "commerce-platform"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Benchmarks/TaskBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "OutboxBench",
            dependencies: [
                .product(name: "Storage", package: "commerce-platform"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Benchmarks/OutboxBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "KitMicro",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TelemetryCore", package: "commerce-platform"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Benchmarks/KitMicro",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
