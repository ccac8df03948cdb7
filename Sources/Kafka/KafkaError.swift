import CRdKafka

/// A failure of the Kafka wrapper: what went wrong, librdkafka's error name when it came from there.
///
/// Raw librdkafka errors never leave the wrapper; they arrive here as ``code`` plus ``librdkafkaName``.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// The local produce queue (`queue.buffering.max.messages`) is full.
        public static let queueFull = Code(name: "queueFull")
        /// The broker rejected the message or it timed out (`message.timeout.ms`).
        public static let deliveryFailed = Code(name: "deliveryFailed")
        /// A configuration property was rejected.
        public static let configuration = Code(name: "configuration")
        /// A client handle could not be created.
        public static let clientCreation = Code(name: "clientCreation")
        /// The mock cluster could not be started.
        public static let mockCluster = Code(name: "mockCluster")
        /// A commit, subscribe or other consumer call failed.
        public static let consumer = Code(name: "consumer")
        /// The message is larger than the producer allows.
        public static let messageTooLarge = Code(name: "messageTooLarge")
        /// The client is shut down.
        public static let shutDown = Code(name: "shutDown")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// librdkafka's name of the underlying `rd_kafka_resp_err_t` (e.g. `_QUEUE_FULL`), if any.
    public var librdkafkaName: String?
    /// Where the error was created.
    public var location: String

    /// Creates an error.
    public init(code: Code, message: String, librdkafkaName: String? = nil, fileID: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.librdkafkaName = librdkafkaName
        self.location = "\(fileID):\(line)"
    }

    init(code: Code, message: String, responseError: rd_kafka_resp_err_t, fileID: String = #fileID, line: Int = #line) {
        let name = String(cString: rd_kafka_err2name(responseError))
        let text = String(cString: rd_kafka_err2str(responseError))
        self.init(code: code, message: "\(message): \(text)", librdkafkaName: name, fileID: fileID, line: line)
    }

    /// `code: message (librdkafka name)`.
    public var description: String {
        if let librdkafkaName { return "KafkaError.\(code): \(message) (\(librdkafkaName))" }
        return "KafkaError.\(code): \(message)"
    }
}
