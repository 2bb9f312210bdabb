import Foundation

extension ProblemFileBuilder {
    /// `[network] periodic = ["x"]`, optional `period = [2]` (one per name; default
    /// the domain's extent in that variable) and `harmonics = K` (1 … 64, default 1):
    /// the periodic input embedding (`FourierFeatures.periodic` in PINN).
    ///
    /// Refused: names that are not spatial variables of a box domain, repeats,
    /// non-positive periods, `period` without `periodic`, and a combination with
    /// `fourier_features` (random frequencies would break the periodicity).
    func readPeriodicEmbedding(_ n: TOMLReader, box: Box, onShape: Bool, into spec: inout NetworkSpec) throws(ProblemFileError) {
        let names = try n.strings("periodic")
        let periods = try n.doubles("period")
        if let k = try n.int("harmonics") {
            guard (1...64).contains(k) else { throw n.error("harmonics", "must be in 1…64, got \(k)") }
            guard names != nil else { throw n.error("harmonics", "needs periodic = [\"x\", …] naming the periodic variables") }
            spec.harmonics = k
        }
        guard let names else {
            if periods != nil { throw n.error("period", "needs periodic = [\"x\", …] naming the periodic variables") }
            return
        }
        guard !onShape else { throw n.error("periodic", "needs a box [domain] (lower, upper); this domain is a shape") }
        guard !names.isEmpty else { throw n.error("periodic", "is empty; name variables such as \(box.variables.first ?? "x")") }
        guard Set(names).count == names.count else { throw n.error("periodic", "names a variable twice: \(names)") }
        if let periods, periods.count != names.count {
            throw n.error("period", "has \(periods.count) entries for \(names.count) periodic variables; give one period per name")
        }
        guard spec.fourierFeatures == 0 else {
            throw n.error("periodic", "cannot be combined with fourier_features: random frequencies are not periodic")
        }
        var inputs: [PeriodicInput] = []
        for (i, name) in names.enumerated() {
            guard let d = box.variables.firstIndex(of: name) else {
                throw n.error("periodic", "\"\(name)\" is not a variable; the variables are \(box.variables.joined(separator: ", "))")
            }
            guard d != box.time else { throw n.error("periodic", "\"\(name)\" is the time variable; only space variables can be periodic") }
            let period = periods?[i] ?? box.length(d)
            guard period.isFinite && period > 0 else { throw n.error("period", "must be finite and > 0, got \(period) for \(name)") }
            inputs.append(PeriodicInput(dimension: d, period: period))
        }
        spec.periodic = inputs.sorted { $0.dimension < $1.dimension }
    }

    /// The variables whose embedded period equals the domain's extent (to 1e-12
    /// relative): u is periodic across the box there by construction.
    static func exactlyPeriodic(_ spec: NetworkSpec, box: Box) -> Set<Int> {
        Set(spec.periodic.filter { abs($0.period - box.length($0.dimension)) <= 1e-12 * box.length($0.dimension) }.map(\.dimension))
    }
}
