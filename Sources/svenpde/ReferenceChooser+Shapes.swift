import Foundation
import Residuals
import SpectralReference

// MARK: - References on shapes

extension ReferenceChooser {
    /// On a shape (`[domain] shape`) the box solvers do not apply.
    static func chooseOnShape(_ file: ProblemFile, shape: Geometry) throws -> Choice {
        .none(reason: "no spectral reference for this shape")
    }
}
