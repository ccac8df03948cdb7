enum _PlaceholderTelemetryHTTP {}
