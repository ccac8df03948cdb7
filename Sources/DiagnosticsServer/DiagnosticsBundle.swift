/// `/debug/bundle`: every endpoint's bundle requests, answered now, in one `.tar.gz`.
enum DiagnosticsBundle {
    static func make(serviceName: String, endpoints: [any DiagnosticsEndpoint], modified: Int = 0) async -> [UInt8] {
        var archive = TarGzArchive()
        let root = "\(serviceName)-debug"
        archive.add(path: "\(root)/index.html", contents: Array(DiagnosticsIndexPage.render(serviceName: serviceName, endpoints: endpoints).utf8), modified: modified)
        for endpoint in endpoints.sorted(by: { $0.path < $1.path }) {
            let base = endpoint.path.replacingSlashes
            for request in endpoint.bundleRequests {
                let variant = request.query.sorted { $0.key < $1.key }.map { "\($0.key)-\($0.value)" }.joined(separator: "_")
                let stem = "\(root)/\(base)\(variant.isEmpty ? "" : ".\(variant)")"
                do {
                    let response = try await endpoint.respond(to: request)
                    archive.add(path: "\(stem).\(response.fileExtension)", contents: response.body, modified: modified)
                } catch {
                    archive.add(path: "\(stem).error.txt", contents: Array("\(error.status) \(error.message)\n".utf8), modified: modified)
                }
            }
        }
        return archive.finish()
    }
}

extension String {
    var replacingSlashes: String { String(map { $0 == "/" ? "_" : $0 }) }
}
