extension KeyedDecodingContainer {
    /// Decodes `key`, reporting a value that does not fit (e.g. `12.5` for an integer) as an error at
    /// `key`'s coding path, so the problem names the field (Foundation on Linux throws its own error
    /// there, reported as malformed JSON otherwise).
    public func decodeField<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        do {
            return try decode(type, forKey: key)
        } catch let error as DecodingError {
            throw error
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [key], debugDescription: "\(error)", underlyingError: error))
        }
    }
}
