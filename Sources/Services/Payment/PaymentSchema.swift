import Storage

/// Payment's table: one payment per order (the order id is the gateway's idempotency key).
/// Times are integer microseconds since the Unix epoch.
enum PaymentSchema {
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "create payments",
            statements: [
                """
                CREATE TABLE payments (
                    order_id TEXT PRIMARY KEY, payment_id TEXT, customer_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
                    amount_minor BIGINT NOT NULL, currency TEXT NOT NULL, created_at BIGINT NOT NULL, refunded_at BIGINT)
                """
            ]
        )
    ]
}
