/// One step of a key path inside a definition file: an object key or a list index.
struct PathKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "[\(intValue)]"
        self.intValue = intValue
    }

    init(_ key: String) { self.init(stringValue: key) }
    init(_ index: Int) { self.init(intValue: index) }
}

extension DecodingError {
    /// A semantic error at `path` (e.g. `exec_start[3]`), reported like any other decoding error.
    static func invalid(at path: [any CodingKey], _ message: String) -> DecodingError {
        .dataCorrupted(Context(codingPath: path, debugDescription: message))
    }
}
