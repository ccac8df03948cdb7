enum _PlaceholderTelemetryOTLP {}
