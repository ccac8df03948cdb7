/// Build facts of the Inventory service.
enum InventoryBuild {
    /// The version reported as `service.version` (overridable with `SERVICE_VERSION`).
    static let version = "0.1.0"
}
