enum _PlaceholderServiceRuntime {}
