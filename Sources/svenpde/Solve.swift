import ArgumentParser
import Foundation
import LinearAlgebra
import PINN
import Residuals
import SolutionIO
import SpectralReference
import SvenSolver

/// `svenpde solve FILE`: train the file's network on its conditions, compare with
/// the reference, write the summary, the history and the solution files.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a PINN on a problem file and report its error against the reference.",
        discussion: """
            Shows progress (a live line on a terminal, a line every few steps
            otherwise) and a final summary. Writes to the output directory
            (default out/<problem name>/): summary.json, history.csv, the
            solution, the reference and the pointwise error on the evaluation
            grid as .npy and solution.csv (and solution.vti in 2D and 3D), and
            PNG pictures (solution, reference, error, loss and error curves).
            Another run into the same directory is refused while this one
            runs; the files of an earlier run are moved into previous/.

            Exit status: 0 success; 1 bad input; 2 nothing usable (e.g. the
            residuals are not finite at the start); 3 usable, but a metric is
            not finite (null in summary.json, with a note).

            Examples:
              svenpde solve problems/poisson.toml
              svenpde solve problems/heat.toml --method lbfgs --time-limit 30
              svenpde solve problems/poisson.toml --json --quiet > run.jsonl
              svenpde solve problems/heat.toml --checkpoint-every 50 -o runs/heat
              svenpde solve problems/heat.toml --resume runs/heat --max-steps 5000
            """
    )

    @Argument(help: "The problem file (TOML).")
    var file: String

    @Option(name: .shortAndLong, help: "Output directory (default: [output] directory of the file, else out/<name>).")
    var output: String?

    @Option(help: "Optimizer: \(Method.names) (default: [solver] method of the file, else sven).")
    var method: Method?

    @Option(parsing: .unconditional, help: "Override [solver] max_steps.")
    var maxSteps: Int?

    @Option(parsing: .unconditional, help: "Override [solver] time_limit, in seconds.")
    var timeLimit: Double?

    @Option(parsing: .unconditional, help: "Seed of the initial weights (overrides [network] seed); the same for every method.")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "BLAS threads (default: OPENBLAS_NUM_THREADS, else OpenBLAS's own choice).")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Progress line every this many steps (default: [solver] report_every).")
    var reportEvery: Int?

    @Option(parsing: .unconditional, help: "Measure the error and the loss per term every this many steps (default: the report interval).")
    var measureEvery: Int?

    @Option(parsing: .unconditional, help: "Also measure whenever this many seconds have passed since the last measurement.")
    var measureSeconds: Double?

    @Option(parsing: .unconditional, help: "Write checkpoint.json (parameters and optimizer state, atomically) every this many steps.")
    var checkpointEvery: Int?

    @Option(help: "Continue the run whose checkpoint.json is in this directory (the result equals the uninterrupted run's).")
    var resume: String?

    @Option(name: .customLong("init"), help: ArgumentHelp("Start from these parameters (overrides [network] init_file): a parameters.json that solve wrote, or a directory of W0.npy, b0.npy, … (row-major, out × in).", valueName: "file"))
    var initFile: String?

    @Flag(name: .shortAndLong, help: "Print only the final summary.")
    var quiet = false

    @Flag(help: "Machine-readable progress: one JSON object per reported step, and one for the result.")
    var json = false

    @OptionGroup var memory: MemoryBudgetOption

    func validate() throws {
        try OptionBounds.threads(threads)
        try OptionBounds.count(maxSteps, "--max-steps", minimum: 0)
        try OptionBounds.seconds(timeLimit, "--time-limit")
        try OptionBounds.count(reportEvery, "--report-every")
        try OptionBounds.count(measureEvery, "--measure-every")
        try OptionBounds.seconds(measureSeconds, "--measure-seconds")
        try OptionBounds.count(checkpointEvery, "--checkpoint-every")
        if initFile != nil && resume != nil {
            throw ValidationError("--init and --resume both set the starting parameters; give one of them")
        }
    }

    func run() throws {
        try reportingErrors { try solve() }
    }

    private func solve() throws {
        if let t = threads { BLAS.threads = t }
        var file = try ProblemFile.load(path: self.file)
        if let m = maxSteps { file.solver.maxSteps = m }
        if let t = timeLimit { file.solver.timeLimit = t }
        if let s = seed { file.network.seed = s }
        let directory = try output ?? resume ?? file.outputDirectory ?? OutputDirectory.defaultPath(for: file)
        let setup = try SolveSetup(file: file, method: method, budget: memory.budget, initFile: initFile)
        let chosen = method ?? setup.method
        try OutputDirectory.prepare(directory)
        let lock = try OutputLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }

        let system = PINNSystem(problem: file.problem, network: setup.network, constraints: setup.constraints)
        let training = ValidationSets.trainingSystem(file: file, network: setup.network, constraints: setup.constraints,
                                                     system: system)
        let validation = ValidationSets(file: file, network: setup.network)
        // [unknowns]: the network's weights and one parameter per unknown (InverseSystem).
        let inverse = file.unknownValues.map { InverseSystem(system: system, unknowns: file.unknowns, values: $0) }
        if inverse != nil, file.pde.resampleEvery != nil {
            throw UserError("\(self.file): pde.resample_every: not supported with [unknowns] yet; leave it out")
        }
        if inverse != nil, validation != nil {
            throw UserError("\(self.file): [unknowns] with a [[data]] validation split is not supported yet; leave out validation and validation_file")
        }
        // [pde] sampling = "rad": redraws by the residual on a candidate pool (AdaptiveResampler).
        let resampler = file.pde.adaptive.map { _ in
            AdaptiveResampler(file: file, network: setup.network, constraints: setup.constraints)
        }
        let current = CurrentInteriorPoints()
        let solved: any ResidualSystem = inverse ?? training
        let start = inverse?.initialParameters(network: setup.initialParameters) ?? setup.initialParameters
        var unknownsHistory = UnknownsHistory(names: file.unknowns.map(\.name))
        let identity = CheckpointFile.Identity(problem: file.name, network: setup.network.widths, method: chosen.rawValue,
                                               seed: file.network.seed,
                                               fingerprint: try fingerprint(file, system: system, method: chosen))
        var plan: CheckpointPlan?
        if checkpointEvery != nil || resume != nil {
            var p = CheckpointPlan(every: checkpointEvery ?? 0, directory: directory, resume: nil, identity: identity)
            if resampler != nil { p.interiorPoints = { current.coordinates } }
            if let dir = resume {
                let saved = try CheckpointFile.read(from: dir)
                try saved.check(against: identity, path: CheckpointFile.path(in: dir), problemFile: self.file)
                p.resume = saved
            }
            plan = p
        }
        // A new run (not one resumed in place) starts from a directory without an earlier run's files.
        let resumingHere = resume.map { Self.sameDirectory($0, directory) } ?? false
        let setAside = resumingHere ? 0 : try OutputDirectory.setAsideEarlierRun(in: directory, fields: file.problem.fields)

        let every = reportEvery ?? file.solver.reportEvery
        let progress = Progress(quiet: quiet, json: json, every: every, maxSteps: file.solver.maxSteps,
                                timeLimit: file.solver.timeLimit)
        let terms = file.problem.terms.map { "\($0.name) \($0.rowCount)" }.joined(separator: ", ")
        var header = ["svenpde solve \(file.path): \(file.name)",
                      "  network \(setup.network.widths.map(String.init).joined(separator: "-")) (\(setup.network.activation.rawValue), \(setup.network.parameterCount) parameters, \(startDescription(file))); residuals: \(terms)"]
        if let r = setup.evaluation.referenceDescription {
            header.append("  reference: \(r), computed in \(String(format: "%.3f", setup.evaluation.referenceSeconds)) s")
        }
        header.append("  solver: \(chosen.rawValue), max \(file.solver.maxSteps) steps"
                      + (file.solver.timeLimit.map { ", time limit \($0) s" } ?? "") + "; output \(directory)")
        if setAside > 0 {
            header.append("  moved \(setAside) files of an earlier run into \((directory as NSString).appendingPathComponent("previous"))/")
        }
        progress.header(header)

        if let inverse {
            if let saved = plan?.resume, let dir = resume {
                // The history up to the checkpoint, from the interrupted run's unknowns.csv.
                unknownsHistory.rows = UnknownsHistory.read(from: dir, names: unknownsHistory.names,
                                                            through: saved.solver.driver.steps)
            } else {
                unknownsHistory.rows.append((0, inverse.unknownValues(start)))
            }
        }
        if let saved = plan?.resume, file.pde.epoch(at: saved.solver.driver.steps) > 0 {
            // The points the interrupted run was using at its checkpoint: redrawn from the
            // seed (uniform), or saved with the checkpoint (drawn by the residual).
            if resampler != nil {
                let points = try Self.savedInteriorPoints(saved, file: file, path: CheckpointFile.path(in: resume ?? directory))
                current.coordinates = points.coordinates
                system.replaceTerms(file.terms(withInterior: points))
            } else {
                system.replaceTerms(try file.resampledTerms(epoch: file.pde.epoch(at: saved.solver.driver.steps)))
            }
        }
        let recorder = try HistoryRecorder(directory: directory, terms: file.problem.terms.map(\.name),
                                           offsets: file.problem.termOffsets, rows: file.problem.terms.map(\.rowCount),
                                           previous: plan?.resume?.solver.driver.history ?? [])
        let measure = measureEvery ?? every
        var lastMeasured = -Double.infinity
        let run = try runOptimizer(chosen, sven: setup.sven, system: solved, from: start,
                                   stopping: setup.stopping, plan: plan, warn: progress.warn) { record, parameters in
            var theta = parameters
            if let inverse {
                let lambda = inverse.unknownValues(parameters)
                inverse.values.set(lambda)          // what the terms read when measured below
                theta = inverse.networkParameters(parameters)
                unknownsHistory.rows.append((record.step, lambda))
                progress.unknowns = zip(file.unknowns, lambda).map { ($0.name, $1) }
            }
            var error: Double?
            if record.step == 1 || record.step % measure == 0 || measureSeconds.map({ record.elapsed - lastMeasured >= $0 }) == true {
                lastMeasured = record.elapsed
                // A regression is judged on its held-out points; a PDE on the evaluation grid.
                error = validation.map { $0.errors(of: theta).relL2 } ?? setup.errors(of: theta).relL2
                recorder.measureTerms(system: system, theta: theta)
            }
            recorder.append(record, relL2: error)
            progress.step(record, error: error)
            // [pde] resample_every: new interior points, drawn by the residual at θ (sampling = "rad")
            // or uniformly (the file parsed once already, so it parses again); none after resample_until.
            if let n = file.pde.resampleEvery, file.pde.redraws(after: record.step) {
                if let resampler, let points = try? resampler.interiorPoints(epoch: record.step / n, theta: theta) {
                    current.coordinates = points.coordinates
                    system.replaceTerms(file.terms(withInterior: points))
                    return .refresh
                }
                if resampler == nil, let terms = try? file.resampledTerms(epoch: record.step / n) {
                    system.replaceTerms(terms)
                    return .refresh
                }
            }
            return .proceed
        }
        do { try recorder.close() } catch { progress.warn("\(error)") }
        if let p = recorder.problem { progress.warn(p) }

        let summary = run.summary
        let theta = inverse?.networkParameters(run.parameters) ?? run.parameters
        var unknownsReport: UnknownsReport?
        if let inverse {
            let lambda = inverse.unknownValues(run.parameters)
            inverse.values.set(lambda)
            var note = "not computed: the parameters are not finite"
            var estimate: InverseEstimate?
            if run.parameters.allSatisfy(\.isFinite) {
                do { estimate = try inverse.estimate(at: run.parameters) } catch { note = "not computed: \(error)" }
            }
            unknownsReport = UnknownsReport(unknowns: file.unknowns, values: lambda, estimate: estimate, note: note)
            do { try unknownsHistory.write(to: directory) } catch { progress.warn("unknowns.csv was not written: \(error)") }
        }
        let values = setup.fieldValues(theta)
        // Why the loss at the start is not finite, naming the terms (cheap: one residual evaluation).
        let startNote = summary.initialCost.isFinite ? ""
            : NonFiniteResiduals.describe(system, problem: file.problem,
                                        at: (plan?.resume?.solver.parameters).map { inverse?.networkParameters($0) ?? $0 } ?? setup.initialParameters)
                ?? "the residuals are not finite"
        var report = SolveReport(problem: file.name, method: run.name, network: setup.network.widths,
                                 parameters: setup.network.parameterCount, residuals: system.residualCount,
                                 summary: summary, threads: BLAS.threads,
                                 initialLossNote: "the residuals at the initial parameters are not finite: \(startNote)")
        if summary.termination == .nonFinite && summary.steps == 0 && !startNote.isEmpty {
            report.message = "the residuals at the initial parameters are not finite: \(startNote); "
                + "check the formulas and data for values outside their domain (log of 0, division by 0, NaN in a file)"
        }
        if !summary.finalCost.isFinite, summary.steps > 0, theta.allSatisfy(\.isFinite) {
            // The last good parameters: their loss, recomputed.
            var r = [Double](repeating: 0, count: system.residualCount)
            system.fillResiduals(at: theta, into: &r)
            report.finalLoss = Metric(0.5 * r.reduce(0) { $0 + $1 * $1 }, missing: "",
                                      nonFinite: "the loss is not finite at the final parameters")
        }
        report.seed = file.network.seed
        if summary.steps > 0 {
            let resampled = file.pde.resampleEvery.map { summary.steps >= $0 } ?? false
            let d = RunDiagnosis(history: summary.history, initialCost: summary.initialCost,
                                 parameters: setup.network.parameterCount + file.unknowns.count, // J's columns: weights and unknowns
                                 residuals: system.residualCount, resampled: resampled)
            let widths = setup.network.widths
            report.diagnosis = DiagnosisReport(d, hidden: Array(widths.dropFirst().dropLast()), inputs: widths.first ?? 1,
                                               outputs: widths.last ?? 1, residuals: system.residualCount, method: chosen)
        }
        report.initFile = initFile ?? file.network.initFile
        report.reference = setup.evaluation.record
        report.unknowns = unknownsReport
        report.setErrors(values: values, fields: file.problem.fields, evaluation: setup.evaluation)
        if let v = validation {
            let e = v.errors(of: theta)
            report.validationPoints = v.pointCount
            let note = "the solution is not finite at the held-out points"
            report.validationMSE = Metric(e.mse, missing: "", nonFinite: note)
            report.validationRelL2 = Metric(e.relL2, missing: "", nonFinite: e.mse.isFinite ? "the held-out values are all zero" : note)
        }
        let files = SolutionFiles(directory: directory, variables: file.problem.domain.variables, axes: setup.evaluation.axes,
                                  fields: zip(file.problem.fields, values).map { ($0, setup.evaluation.blanked($1)) },
                                  truth: setup.evaluation.truth)
        report.files = ["history.csv"] + (inverse != nil ? ["unknowns.csv"] : [])
        var filesFailed: String?
        do {
            report.files += try files.write(history: summary.history, measured: recorder.measured)
            if theta.allSatisfy(\.isFinite) {
                let saved = try SavedParameters(network: setup.network, parameters: theta).encoded()
                try AtomicFile.write(Array(saved.utf8), to: (directory as NSString).appendingPathComponent(InitialParameters.fileName))
                report.files.append(InitialParameters.fileName)
            }
        } catch {
            filesFailed = "the solution files were not all written: \(error)"
            progress.warn(filesFailed!)
        }

        // The exit status (ExitStatus): nothing usable, a metric not finite, or success.
        // On a shape only the grid points inside count: outside, u may be undefined
        // (e.g. a constraint's g with log r or 1/r at a hole's centre) and is written as NaN.
        let inside = values.map { setup.evaluation.masked($0) }
        let badValues = inside.reduce(0) { $0 + $1.lazy.filter { !$0.isFinite }.count }
        var unusable: String?
        if !summary.initialCost.isFinite && summary.steps == 0 {
            unusable = "the residuals at the initial parameters are not finite: \(startNote)"
        } else if !summary.parametersUsable || !theta.allSatisfy(\.isFinite) {
            unusable = "the parameters are not finite"
        } else if badValues > 0 {
            unusable = "the solution is not finite at \(badValues) of \(inside.reduce(0) { $0 + $1.count }) grid values"
        } else if let why = filesFailed {
            unusable = why
        }
        let nonFinite = report.nonFiniteMetrics
        report.exitStatus = unusable != nil ? ExitStatus.nothingUsable : nonFinite.isEmpty ? ExitStatus.success : ExitStatus.metricNotFinite
        report.warnings = progress.warnings
        let path = try report.write(to: directory)
        finish(progress, summary, errors: setup.evaluation.errors(of: values[0]), summaryPath: path, report: report)
        if let u = unknownsReport, !quiet { say("unknowns: \(u.line) (± linearised standard errors; see \(path))") }
        if let why = unusable {
            throw ExitStatus.end(ExitStatus.nothingUsable, "the run produced nothing usable: \(why) (\(path) has the details)")
        }
        if !nonFinite.isEmpty {
            throw ExitStatus.end(ExitStatus.metricNotFinite, SolveReport.nonFiniteLine(nonFinite, path: path))
        }
    }

    /// The interior points a checkpoint of a `sampling = "rad"` run saved: N finite
    /// points of the domain's dimension, else a one-line error naming the checkpoint.
    static func savedInteriorPoints(_ saved: CheckpointFile, file: ProblemFile, path: String) throws -> PointSet {
        let n = file.problem.terms[0].points.count, d = file.problem.domain.dimension
        guard let c = saved.interiorPoints else {
            throw UserError("\(path) has no interiorPoints, which a run with [pde] sampling = \"rad\" needs to resume; start afresh without --resume")
        }
        guard c.count == n * d, c.allSatisfy(\.isFinite) else {
            throw UserError("\(path): interiorPoints has \(c.count) values; expected \(n) finite points × \(d) coordinates")
        }
        return PointSet(dimension: d, coordinates: c)
    }

    /// Where θ₀ comes from, for the header: the seed, or the file given.
    private func startDescription(_ file: ProblemFile) -> String {
        if let f = initFile ?? file.network.initFile { return "initial parameters from \(f)" }
        return "seed \(file.network.seed)"
    }

    /// `ProblemFingerprint` of the file as read, the method, the seed and the residuals at θ = 0.
    private func fingerprint(_ file: ProblemFile, system: PINNSystem, method: Method) throws -> String {
        let text: String
        do { text = try String(contentsOfFile: file.path, encoding: .utf8) } catch {
            throw UserError("\(file.path): cannot be read again to fingerprint it: \((error as NSError).localizedDescription)")
        }
        var r = [Double](repeating: 0, count: system.residualCount)
        system.fillResiduals(at: [Double](repeating: 0, count: system.parameterCount), into: &r)
        return ProblemFingerprint.of(text: text, method: method.rawValue, seed: file.network.seed, residualsAtZero: r)
    }

    /// Whether two paths name one directory (after symbolic links).
    static func sameDirectory(_ a: String, _ b: String) -> Bool {
        func canonical(_ p: String) -> String { URL(fileURLWithPath: p).resolvingSymlinksInPath().standardizedFileURL.path }
        return canonical(a) == canonical(b)
    }

    private func finish(_ progress: Progress, _ s: Summary, errors: SolutionErrors, summaryPath: String, report: SolveReport) {
        func e(_ x: Double?) -> String { x.map { String(format: "%.3e", $0) } ?? "n/a" }
        progress.endLive()
        var lines = [
            "stopped: \(s.termination.rawValue) after \(s.steps) steps — \(report.message)",
            "final loss \(e(s.finalCost)) (from \(e(s.initialCost))), wall time \(String(format: "%.2f", s.wallSeconds)) s"
                + (s.steps > 0 ? String(format: ", %.1f ms/step", 1000 * s.wallSeconds / Double(s.steps)) : ""),
            report.validationPoints > 0
                ? "validation (\(report.validationPoints) held-out points): MSE \(e(report.validationMSE.value)), rel L2 \(e(report.validationRelL2.value))"
                : "rel L2 vs reference: \(e(errors.relL2Reference))"
                    + (errors.relL2Reference == nil ? " (\(report.reference.reason ?? "no reference"))" : "")
                    + "   vs exact: \(e(errors.relL2Exact))"
                    + (errors.referenceVsExact.map { "   (reference vs exact: \(e($0)))" } ?? ""),
            "wrote \(summaryPath) and \(report.files.count) files",
        ]
        lines.insert(contentsOf: report.diagnosis.map { [$0.line] } ?? [], at: 3)
        var json: [String: Any] = ["termination": s.termination.rawValue, "steps": s.steps, "wall_seconds": s.wallSeconds,
                                   "summary": summaryPath, "exit_status": report.exitStatus]
        if s.finalCost.isFinite { json["final_loss"] = s.finalCost }
        if let d = report.diagnosis { json["diagnosis"] = d.diagnosis.kind.rawValue }
        if let r = errors.relL2Reference { json["rel_l2_reference"] = r }
        if let r = errors.relL2Exact { json["rel_l2_exact"] = r }
        if let v = report.validationMSE.value { json["validation_mse"] = v }
        if let v = report.validationRelL2.value { json["validation_rel_l2"] = v }
        progress.result(lines.joined(separator: "\n"), json: json)
    }
}

/// The `[pde]` points in use when they are drawn by the residual, for checkpoints.
final class CurrentInteriorPoints {
    var coordinates: [Double]?
}
