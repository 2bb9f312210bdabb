/// Why a distributed run cannot go on: names what failed and why, in one line.
public struct DistributedError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func check(_ status: Int32, _ routine: String) throws(DistributedError) {
        if status != 0 { throw DistributedError("\(routine) failed with status \(status)") }
    }
}
