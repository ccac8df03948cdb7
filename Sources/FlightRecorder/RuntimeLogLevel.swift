public import Logging
import Synchronization

/// The log level the kit's handlers emit at, changeable at runtime with a time-to-live (`/debug/loglevel`).
///
/// Handlers read it with one atomic load per record. A temporary level reverts to the configured one
/// when ``revertIfExpired(now:)`` runs past its deadline; the admin server calls it from its own
/// clock-driven loop, and tests call it with instants of their own.
public final class RuntimeLogLevel: Sendable {
    let current: Atomic<UInt8>
    let state: Mutex<State>

    struct State {
        var base: Logger.Level
        var expiry: ContinuousClock.Instant?
    }

    /// Creates the level at its configured value (`LOG_LEVEL`).
    public init(_ level: Logger.Level) {
        current = Atomic(Self.code(level))
        state = Mutex(State(base: level, expiry: nil))
    }

    /// The level emitted now.
    public var level: Logger.Level { Self.levels[Int(current.load(ordering: .relaxed))] }

    static let levels = Logger.Level.allCases

    /// The configured level that a temporary change reverts to.
    public var baseLevel: Logger.Level { state.withLock { $0.base } }

    /// When the temporary level reverts; nil when the level is the configured one.
    public var expiry: ContinuousClock.Instant? { state.withLock { $0.expiry } }

    /// Sets the level until `now + ttl` (or for good when `ttl` is nil: that becomes the new base).
    public func set(_ level: Logger.Level, ttl: Duration?, now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if let ttl {
                state.expiry = now + ttl
            } else {
                state.base = level
                state.expiry = nil
            }
            current.store(Self.code(level), ordering: .relaxed)
        }
    }

    /// Reverts to the base level when the temporary level's time is up.
    /// - Returns: true when it reverted.
    @discardableResult
    public func revertIfExpired(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            guard let expiry = state.expiry, now >= expiry else { return false }
            state.expiry = nil
            current.store(Self.code(state.base), ordering: .relaxed)
            return true
        }
    }

    static func code(_ level: Logger.Level) -> UInt8 {
        UInt8(levels.firstIndex(of: level) ?? 2)
    }
}
