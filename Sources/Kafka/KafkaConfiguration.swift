/// Where the Kafka clients connect and the librdkafka properties they share.
///
/// ```swift
/// let configuration = KafkaConfiguration(brokers: "kafka-1:9092,kafka-2:9092")
/// let embedded = KafkaConfiguration.embedded // KAFKA_BROKERS empty: start a KafkaMockCluster
/// ```
public struct KafkaConfiguration: Sendable, Hashable {
    /// `bootstrap.servers`; nil means "embedded": start a ``KafkaMockCluster`` and use its address.
    public var brokers: String?
    /// `client.id`, shown in broker logs.
    public var clientID: String
    /// Extra librdkafka properties (https://github.com/confluentinc/librdkafka/blob/v2.0.2/CONFIGURATION.md),
    /// applied after the wrapper's defaults, so they win.
    public var properties: [String: String]

    /// Connects to `brokers` (`host:port[,host:port]`, the `KAFKA_BROKERS` variable).
    public init(brokers: String, clientID: String = "commerce-platform", properties: [String: String] = [:]) {
        self.brokers = brokers
        self.clientID = clientID
        self.properties = properties
    }

    private init(embeddedWithClientID clientID: String) {
        self.brokers = nil
        self.clientID = clientID
        self.properties = [:]
    }

    /// No broker address: the service starts an in-process ``KafkaMockCluster`` (empty `KAFKA_BROKERS`).
    public static let embedded = KafkaConfiguration(embeddedWithClientID: "commerce-platform")

    /// Whether the service should start an embedded mock cluster.
    public var isEmbedded: Bool { brokers?.isEmpty ?? true }

    /// This configuration connected to `bootstrapServers` (what a started mock cluster reports).
    public func connected(to bootstrapServers: String) -> KafkaConfiguration {
        var copy = self
        copy.brokers = bootstrapServers
        return copy
    }
}
