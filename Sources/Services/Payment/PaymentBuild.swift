/// Build facts of the Payment service.
enum PaymentBuild {
    /// The version reported as `service.version` (overridable with `SERVICE_VERSION`).
    static let version = "0.1.0"
}
