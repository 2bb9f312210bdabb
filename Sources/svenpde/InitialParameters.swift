import Foundation
import PINN
import SolutionIO

/// Initial parameters from a file (`solve --init FILE`, `[network] init_file`):
///
/// - a regular file: saved-parameters JSON, the `parameters.json` every solve
///   writes (`SavedParameters`); its widths, activation and Fourier embedding
///   must be those of the problem's network;
/// - a directory: one NPY array per affine layer, `W0.npy`, `b0.npy`, `W1.npy`,
///   `b1.npy`, … counted from the input, W of shape (out × in) in row-major
///   order and b of shape (out) — what `numpy.save(f"W{l}.npy", layer.weight)`
///   writes from PyTorch (see `SavedParameters.fromLayers`).
///
/// Every failure is one line naming the file and what was expected.
enum InitialParameters {
    /// The saved-parameters file's name in an output directory.
    static let fileName = "parameters.json"

    static func load(_ path: String, network: MLP) throws(SavedParameters.LoadError) -> [Double] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .init(description: "\(path): no such file or directory")
        }
        if isDirectory.boolValue { return try fromNPYDirectory(path, network: network) }
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch { throw .init(description: "\(error)") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .init(description: "\(path): not UTF-8 text; expected saved-parameters JSON (parameters.json of a solve) "
                        + "or a directory of W0.npy, b0.npy, …")
        }
        do {
            return try SavedParameters.decode(text, expected: network).parameters
        } catch {
            throw .init(description: "\(path): \(error.description)")
        }
    }

    /// W0.npy, b0.npy, … W{L−1}.npy, b{L−1}.npy from `directory`.
    static func fromNPYDirectory(_ directory: String, network: MLP) throws(SavedParameters.LoadError) -> [Double] {
        func array(_ name: String) throws(SavedParameters.LoadError) -> SavedParameters.LayerArray {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else {
                throw .init(description: "\(directory): no \(name); a directory of initial parameters holds W0.npy, b0.npy, … "
                            + "W\(network.layerCount - 1).npy, b\(network.layerCount - 1).npy for the \(network.layerCount) layers")
            }
            do {
                let a = try NPY.read(from: path)
                return .init(name: path, shape: a.shape, values: a.values)
            } catch {
                throw .init(description: "\(error)")
            }
        }
        let e = "W\(network.layerCount).npy"
        if FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(e)) {
            throw .init(description: "\(directory) has \(e), but the network has only \(network.layerCount) layers "
                        + "(widths \(network.widths.map(String.init).joined(separator: "-")))")
        }
        var weights: [SavedParameters.LayerArray] = [], biases: [SavedParameters.LayerArray] = []
        for l in 0..<network.layerCount {
            weights.append(try array("W\(l).npy"))
            biases.append(try array("b\(l).npy"))
        }
        return try SavedParameters.fromLayers(network: network, weights: weights, biases: biases).parameters
    }
}
