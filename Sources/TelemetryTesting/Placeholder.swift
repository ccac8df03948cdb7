enum _PlaceholderTelemetryTesting {}
