import Logging

/// Forwards postgres-nio's background log to the service's handler and counts opened and closed
/// connections from it for `db.client.connection.count`.
///
/// postgres-nio exposes its pool events only through this logger (at debug level), so the handler
/// listens at debug and forwards only what the service's own level lets through. A connection
/// counts as open from "Creating new connection" until "Connection creation failed" or
/// "Connection closed" (postgres-nio 1.33 logs no "established" event).
struct PoolEventLogHandler: LogHandler {
    var inner: any LogHandler
    let gauge: ConnectionGauge

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { min(inner.logLevel, .debug) }
        set { inner.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        if event.level <= .info {
            switch event.message.description {
            case "Creating new connection": gauge.opened()
            case "Connection creation failed", "Connection closed": gauge.closed()
            default: break
            }
        }
        if event.level >= inner.logLevel {
            inner.log(event: event)
        }
    }
}
