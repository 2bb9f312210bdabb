/// A condition set: a domain and the residual terms a field u must meet on it,
/// with the exact solution when one is known.
public struct Problem: Sendable {
    public var name: String
    public var domain: Box
    public var terms: [any ResidualTerm]
    /// Names of the unknown fields; the network has one output per field. Default ["u"].
    public var fields: [String]
    /// u*(x) when known, for error reports.
    public var exact: (@Sendable ([Double]) -> Double)?
    /// The shape when the domain is not a box (`domain` is then its bounding box).
    public var geometry: Geometry?

    public init(name: String, domain: Box, terms: [any ResidualTerm], fields: [String] = ["u"],
                exact: (@Sendable ([Double]) -> Double)? = nil, geometry: Geometry? = nil) {
        precondition(!fields.isEmpty && Set(fields).count == fields.count, "Problem: fields \(fields) must be distinct and non-empty")
        for t in terms {
            precondition(t.points.dimension == domain.dimension,
                         "Problem: term \(t.name) has \(t.points.dimension)D points in a \(domain.dimension)D domain")
            precondition(t.channels.allSatisfy { $0.field < fields.count },
                         "Problem: term \(t.name) reads a field beyond the \(fields.count) declared (\(fields))")
        }
        self.fields = fields
        self.name = name
        self.domain = domain
        self.terms = terms
        self.exact = exact
        self.geometry = geometry
    }

    /// B: one residual per point of every term (per pair of a paired term).
    public var residualCount: Int { terms.reduce(0) { $0 + $1.rowCount } }

    /// The union of the derivative channels every term needs (of any field), sorted.
    public var channels: [JetChannel] { Array(Set(terms.flatMap { $0.channels.map(\.channel) })).sorted() }

    /// First residual row of each term.
    public var termOffsets: [Int] {
        var offsets: [Int] = []
        var o = 0
        for t in terms { offsets.append(o); o += t.rowCount }
        return offsets
    }
}
