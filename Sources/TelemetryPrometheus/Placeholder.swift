enum _PlaceholderTelemetryPrometheus {}
