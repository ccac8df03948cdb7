/// The HTML index at `/debug/`: one link per endpoint with its summary.
enum DiagnosticsIndexPage {
    static func render(serviceName: String, endpoints: [any DiagnosticsEndpoint]) -> String {
        var items = ""
        for endpoint in endpoints.sorted(by: { $0.path < $1.path }) {
            let path = escape(endpoint.path)
            items += "<li><a href=\"/debug/\(path)\">/debug/\(path)</a> <span class=\"summary\">\(escape(endpoint.summary))</span>"
            if endpoint.bundleRequests.contains(where: { $0.query["format"] == "json" }) {
                items += " (<a href=\"/debug/\(path)?format=json\">json</a>)"
            }
            items += "</li>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(serviceName)) diagnostics</title>
            <style>body{font-family:sans-serif;margin:2em}li{margin:.4em 0}.summary{color:#555}</style></head>
            <body><h1 id="title">\(escape(serviceName)) diagnostics</h1>
            <ul id="endpoints">
            \(items)</ul>
            <p id="note">Loopback only unless a bearer token is configured. <a href="/debug/bundle">Download everything</a> as one archive.</p>
            </body></html>

            """
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
