/// Build facts of the Catalog service.
enum CatalogBuild {
    /// The version reported as `service.version` (overridable with `SERVICE_VERSION`).
    static let version = "0.1.0"
}
