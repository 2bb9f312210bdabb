import Foundation

/// Saved parameters of a network: a small JSON document that records the shape,
/// so parameters are never loaded into a network they were not made for.
///
///     {
///       "format": "svenpde-mlp-parameters", "version": 1,
///       "widths": [2, 64, 1], "activation": "tanh", "parameter_count": 257,
///       "parameters": [0.12345678901234567, …]
///     }
///
/// Every number is written in Swift's shortest round-trip form, so loading gives
/// the saved θ bit for bit.
public struct SavedParameters: Equatable, Sendable {
    public var network: MLP
    public var parameters: [Double]

    public init(network: MLP, parameters: [Double]) {
        precondition(parameters.count == network.parameterCount,
                     "SavedParameters: \(parameters.count) parameters for a network with \(network.parameterCount)")
        self.network = network
        self.parameters = parameters
    }

    /// Why saved parameters could not be used.
    public struct LoadError: Error, Equatable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The JSON text. Throws when a parameter is NaN or ±Inf (JSON has no such numbers).
    public func encoded() throws(LoadError) -> String {
        guard parameters.allSatisfy(\.isFinite) else { throw LoadError(description: "parameters contain NaN or Inf") }
        let widths = network.widths.map(String.init).joined(separator: ", ")
        let values = parameters.map { "\($0)" }.joined(separator: ",\n    ")
        var embedding = ""
        if let e = network.embedding {
            let f = e.frequencies.map { "\($0)" }.joined(separator: ", ")
            let through = e.passThrough.isEmpty ? "" : ", \"pass_through\": [\(e.passThrough.map(String.init).joined(separator: ", "))]"
            embedding = "\n  \"embedding\": {\"input_dimension\": \(e.inputDimension), \"frequencies\": [\(f)]\(through)},"
        }
        return """
            {
              "format": "svenpde-mlp-parameters",
              "version": 1,
              "widths": [\(widths)],
              "activation": "\(network.activation.rawValue)",\(embedding)
              "parameter_count": \(parameters.count),
              "parameters": [
                \(values)
              ]
            }

            """
    }

    /// The document as stored. Decoded with `JSONDecoder`, whose number parsing is
    /// exact (measured: `JSONSerialization` on Linux is off by an ulp or two).
    private struct Document: Decodable {
        var format: String
        var version: Int
        var widths: [Int]
        var activation: String
        var parameterCount: Int
        var parameters: [Double]
        var embedding: Embedding?
        enum CodingKeys: String, CodingKey {
            case format, version, widths, activation, parameters, embedding
            case parameterCount = "parameter_count"
        }
        struct Embedding: Decodable {
            var inputDimension: Int
            var frequencies: [Double]
            var passThrough: [Int]?
            enum CodingKeys: String, CodingKey {
                case frequencies
                case inputDimension = "input_dimension"
                case passThrough = "pass_through"
            }
        }
    }

    /// Parse saved parameters; when `expected` is given, its shape must match.
    public static func decode(_ text: String, expected: MLP? = nil) throws(LoadError) -> SavedParameters {
        let doc: Document
        do {
            doc = try JSONDecoder().decode(Document.self, from: Data(text.utf8))
        } catch DecodingError.keyNotFound(let key, _) {
            throw LoadError(description: "missing key \"\(key.stringValue)\"")
        } catch DecodingError.typeMismatch(_, let context) {
            throw LoadError(description: "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw LoadError(description: "not a JSON object")
        }
        guard doc.format == "svenpde-mlp-parameters" else {
            throw LoadError(description: "format is not \"svenpde-mlp-parameters\"")
        }
        guard doc.version == 1 else { throw LoadError(description: "unsupported version \(doc.version)") }
        guard doc.widths.count >= 2, doc.widths.allSatisfy({ $0 >= 1 }) else {
            throw LoadError(description: "widths must be an array of at least two positive integers")
        }
        guard let activation = Activation(rawValue: doc.activation) else {
            throw LoadError(description: "unknown activation \"\(doc.activation)\"")
        }
        var embedding: FourierFeatures?
        if let e = doc.embedding {
            let through = e.passThrough ?? []
            guard e.inputDimension >= 1, !e.frequencies.isEmpty, e.frequencies.count % e.inputDimension == 0,
                  2 * e.frequencies.count / e.inputDimension + through.count == doc.widths[0] else {
                throw LoadError(description: "the embedding does not match widths[0] = \(doc.widths[0])")
            }
            guard through.allSatisfy({ (0..<e.inputDimension).contains($0) }), through == Array(Set(through)).sorted() else {
                throw LoadError(description: "embedding.pass_through must list distinct dimensions below \(e.inputDimension) in ascending order")
            }
            embedding = FourierFeatures(inputDimension: e.inputDimension, frequencies: e.frequencies, passThrough: through)
        }
        let network = MLP(widths: doc.widths, activation: activation, embedding: embedding)
        guard doc.parameters.count == network.parameterCount, doc.parameterCount == doc.parameters.count else {
            throw LoadError(description: "\(doc.parameters.count) parameters (parameter_count \(doc.parameterCount)) for a \(describe(network)) network with \(network.parameterCount)")
        }
        if let e = expected, e != network {
            throw LoadError(description: "saved for a \(describe(network)) network, but this one is \(describe(e))")
        }
        return SavedParameters(network: network, parameters: doc.parameters)
    }

    private static func describe(_ n: MLP) -> String {
        n.widths.map(String.init).joined(separator: "-") + " " + n.activation.rawValue
            + (n.embedding.map { " with \($0.count) Fourier features" + ($0.passThrough.isEmpty ? "" : " and \($0.passThrough.count) plain inputs") } ?? "")
    }
}
