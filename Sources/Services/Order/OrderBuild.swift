/// Build facts of the Order service.
enum OrderBuild {
    /// The version reported as `service.version` (overridable with `SERVICE_VERSION`).
    static let version = "0.1.0"
}
