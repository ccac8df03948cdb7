#if canImport(Glibc)
import Glibc
#endif

// telemetry-bench: the kit's in-process figures and the cold-start probe. See scripts/bench.sh.
//
//   telemetry-bench spans | traceparent | grpc | metrics | flightrecorder | all
//   telemetry-bench coldstart --catalog PATH --bare-server PATH [--runs 20]
//
// Run with LD_PRELOAD=<scratch>/release/libMallocInterposerSwift.so for allocation counts.
let arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? "all"

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), arguments.indices.contains(index + 1) else { return nil }
    return arguments[index + 1]
}

guard command == "coldstart" || Harness.checkInterposer() else {
    print("telemetry-bench: malloc counting is off: run with LD_PRELOAD=<scratch>/release/libMallocInterposerSwift.so")
    exit(2)
}

do {
    switch command {
    case "spans": try await SpanBenchmarks.run()
    case "traceparent": TraceParentBenchmarks.run()
    case "grpc": try await GRPCBenchmarks.run()
    case "metrics": try await MetricsBenchmarks.run()
    case "flightrecorder": try await FlightRecorderBenchmarks.run()
    case "all":
        TraceParentBenchmarks.run()
        try await SpanBenchmarks.run()
        try await GRPCBenchmarks.run()
        try await MetricsBenchmarks.run()
        try await FlightRecorderBenchmarks.run()
    case "coldstart":
        guard let catalog = option("--catalog"), let bare = option("--bare-server") else {
            print("usage: telemetry-bench coldstart --catalog PATH --bare-server PATH [--runs N]")
            exit(64)
        }
        try ColdStart.run(catalog: catalog, bareServer: bare, runs: option("--runs").flatMap(Int.init) ?? 20)
    default:
        print("usage: telemetry-bench spans|traceparent|grpc|metrics|flightrecorder|all|coldstart")
        exit(64)
    }
} catch {
    print("telemetry-bench \(command): failed: \(error)")
    exit(1)
}
