// kafka-mock-broker: starts librdkafka's mock cluster, prints `bootstrap=HOST:PORT` and runs until
// SIGTERM or SIGINT, so tests and scripts have a broker outside the process under test.
//
//   kafka-mock-broker [--brokers N] [--topic NAME:PARTITIONS]...
@preconcurrency import Glibc
import Kafka

var brokerCount = 1
var topics: [(String, Int)] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--brokers": brokerCount = arguments.next().flatMap { Int($0) } ?? 1
    case "--topic":
        let parts = (arguments.next() ?? "").split(separator: ":")
        if let name = parts.first { topics.append((String(name), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)) }
    default:
        fputs("usage: kafka-mock-broker [--brokers N] [--topic NAME:PARTITIONS]...\n", stderr)
        exit(2)
    }
}

var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGTERM)
sigaddset(&signals, SIGINT)
pthread_sigmask(SIG_BLOCK, &signals, nil)

do {
    let cluster = try KafkaMockCluster(brokerCount: brokerCount)
    for (name, partitions) in topics { try cluster.createTopic(name, partitions: partitions) }
    print("bootstrap=\(cluster.bootstrapServers)")
    fflush(stdout)
    var received: Int32 = 0
    sigwait(&signals, &received)
    cluster.shutdown()
} catch {
    fputs("kafka-mock-broker: \(error)\n", stderr)
    exit(1)
}
