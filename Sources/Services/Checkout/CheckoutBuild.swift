/// Build facts of the Checkout service.
enum CheckoutBuild {
    /// The version reported as `service.version` (overridable with `SERVICE_VERSION`).
    static let version = "0.1.0"
}
