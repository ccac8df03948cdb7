enum _PlaceholderTelemetryGRPC {}
