/// A NIST StRD file that could not be read: names the file, the 1-based line (0 when
/// the problem is not on one line, e.g. a missing section) and what is wrong.
public struct NISTDatasetError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
