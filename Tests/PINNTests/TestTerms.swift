import Foundation
import Residuals

/// A nonlinear term reading every kind of channel, for Jacobian checks:
/// r = u·u_x + sin(u_y) + u_xy² + 0.5·Δu + x·u_yy (in 2D; in other D the
/// channels present are used the same way).
struct MixedTestTerm: ResidualTerm {
    let name = "mixed"
    let points: PointSet
    let channels: [FieldChannel]

    /// `fields` > 1 spreads the channels over the fields (channel c reads field c mod fields).
    init(points: PointSet, fields: Int = 1) {
        self.points = points
        let d = points.dimension
        var ch: [JetChannel] = [.value, .first(0), .laplacian]
        if d >= 2 { ch += [.first(1), .second(0, 1), .second(1, 1)] }
        channels = ch.enumerated().map { FieldChannel(field: $0.offset % fields, $0.element) }
    }

    func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                  partials: UnsafeMutableBufferPointer<Double>?) {
        let n = points.count
        for i in 0..<n {
            let u = jet[i], ux = jet[n + i], lap = jet[2 * n + i]
            var r = u * ux + 0.5 * lap
            var g = [ux, u, 0.5]
            if channels.count > 3 {
                let uy = jet[3 * n + i], uxy = jet[4 * n + i], uyy = jet[5 * n + i]
                let x = points.coordinates[i * points.dimension]
                r += sin(uy) + uxy * uxy + x * uyy
                g += [cos(uy), 2 * uxy, x]
            }
            residuals[i] = r
            if let p = partials { for c in 0..<channels.count { p[c * n + i] = g[c] } }
        }
    }
}
