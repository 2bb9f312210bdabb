import Testing
import Foundation

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

@Suite("svenpde fit", .serialized)
struct FitCommandTests {
    @Test func misra1aReachesTheCertifiedValues() throws {
        let out = try CLI.scratch()
        let r = try CLI.run(["fit", repositoryRoot.appendingPathComponent("problems/misra1a.toml").path, "-o", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let lre = try #require(json["log_relative_error"] as? [String: Double])
        #expect(lre["b1"]! >= 9 && lre["b2"]! >= 9, "LRE \(lre)")
        #expect(json["method"] as? String == "sven" && json["attempts"] == nil, "a named method runs alone")
        let message = try #require(json["message"] as? String)
        #expect(!message.contains("network") && !message.contains("collocation"), "\(message)")
    }

    /// A fit stopped by its step budget is not an answer: exit status 4, with the
    /// last parameters still written and the termination in summary.json.
    @Test func aFitThatDidNotConvergeExitsFour() throws {
        let dir = try CLI.scratch()
        let source = try String(contentsOf: repositoryRoot.appendingPathComponent("problems/misra1a.toml"), encoding: .utf8)
        try source.replacingOccurrences(of: "max_steps = 500", with: "max_steps = 2")
            .write(to: dir.appendingPathComponent("m.toml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("problems/misra1a.csv"),
                                         to: dir.appendingPathComponent("misra1a.csv"))
        let r = try CLI.run(["fit", dir.appendingPathComponent("m.toml").path, "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 4, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("did not converge") && r.stderr.contains("max_steps"), "stderr: \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("o/summary.json"))) as! [String: Any]
        #expect(json["termination"] as? String == "max_steps" && json["exit_status"] as? Int == 4)
    }

    /// `[solver] ftol` ends the fit as converged (`function_tolerance`); a tolerance
    /// outside [0, 1) is one line naming the key.
    @Test func toleranceKeysStopTheFitAndAreChecked() throws {
        let dir = try CLI.scratch()
        let source = try String(contentsOf: repositoryRoot.appendingPathComponent("problems/misra1a.toml"), encoding: .utf8)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("problems/misra1a.csv"),
                                         to: dir.appendingPathComponent("misra1a.csv"))
        try source.replacingOccurrences(of: "max_steps = 500", with: "max_steps = 500\nftol = 0.5")
            .write(to: dir.appendingPathComponent("f.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", dir.appendingPathComponent("f.toml").path, "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("o/summary.json"))) as! [String: Any]
        #expect(json["termination"] as? String == "function_tolerance")
        try source.replacingOccurrences(of: "max_steps = 500", with: "max_steps = 500\ngtol = 2")
            .write(to: dir.appendingPathComponent("g.toml"), atomically: true, encoding: .utf8)
        let g = try CLI.run(["fit", dir.appendingPathComponent("g.toml").path, "-o", dir.appendingPathComponent("p").path])
        #expect(g.status == 1 && g.stderr.contains("gtol") && g.stderr.contains("[0, 1)"), "stderr: \(g.stderr)")
    }

    @Test func aMissingColumnAndANaNAreOneLineErrors() throws {
        let dir = try CLI.scratch()
        let toml = """
            [model]
            prediction = "a*exp(b*x)"
            parameters = ["a", "b"]
            start = [1, 0]
            [data]
            file = "d.csv"

            """
        try toml.write(to: dir.appendingPathComponent("f.toml"), atomically: true, encoding: .utf8)
        try "x,z\n0,1\n1,2\n2,3\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", "f.toml"], cwd: dir)
        #expect(r.status == 1 && r.stderr.contains("has no column \"y\"") && !r.stderr.contains("Fatal"), "stderr: \(r.stderr)")
        try "x,y\n0,1\n1,nan\n2,3\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let s = try CLI.run(["fit", "f.toml"], cwd: dir)
        #expect(s.status == 1 && s.stderr.contains("d.csv") && s.stderr.contains("line 3"), "stderr: \(s.stderr)")
        #expect(s.stderr.split(separator: "\n").count == 1)
    }

    /// NIST writes models as `y = f(x; b) + e`; a prediction copied with its `+ e`
    /// would be read as f + 2.718… and fitted wrongly, so it is refused.
    @Test func aTrailingErrorTermIsRefusedInOneLine() throws {
        let dir = try CLI.scratch()
        let toml = """
            [model]
            prediction = "b1*(1-exp(-b2*x))  +  e"
            parameters = ["b1", "b2"]
            start = [500, 1e-4]
            [data]
            file = "d.csv"

            """
        try toml.write(to: dir.appendingPathComponent("f.toml"), atomically: true, encoding: .utf8)
        try "x,y\n1,2\n2,3\n3,5\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", "f.toml"], cwd: dir)
        #expect(r.status == 1 && r.stderr.contains("f.toml:2") && r.stderr.contains("ends with '+ e'")
                && r.stderr.contains("Euler"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    /// A NIST .dat file is read as published: model text, start 2, certified values
    /// and standard deviations; the report carries the linearised statistics.
    @Test func aNISTFileIsFittedDirectlyWithStandardErrors() throws {
        let out = try CLI.scratch()
        let r = try CLI.run(["fit", repositoryRoot.appendingPathComponent("data/nist/Roszman1.dat").path,
                             "--start", "2", "-o", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("21 degrees of freedom (25 observations − rank 4)"), "\(r.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let lre = try #require(json["log_relative_error"] as? [String: Double])
        let sdLRE = try #require(json["log_relative_error_standard_errors"] as? [String: Double])
        for b in ["b1", "b2", "b3", "b4"] {
            #expect(lre[b]! >= 6 && lre[b]! <= 11 && sdLRE[b]! >= 4, "\(b): LRE \(lre[b]!), standard error LRE \(sdLRE[b]!)")
        }
        #expect(json["degrees_of_freedom"] as? Int == 21 && json["rank"] as? Int == 4)
        let se = try #require(json["standard_errors"] as? [String: Double])
        #expect(abs(se["b1"]! - 1.9172666023e-2) <= 1e-5 * 1.9172666023e-2)
        let corr = try #require(json["correlation"] as? [[Double]])
        #expect(corr.count == 4 && corr[0][0] == 1 && abs(corr[0][1] - corr[1][0]) < 1e-12)
        #expect(try #require(json["log_relative_error_residual_standard_deviation"] as? Double) >= 6)
    }

    @Test func startIsOnlyForNISTFilesAndOnlyOneOrTwo() throws {
        let nist = repositoryRoot.appendingPathComponent("data/nist/Misra1a.dat").path
        let r = try CLI.run(["fit", nist, "--start", "3", "-o", try CLI.scratch().path])
        #expect(r.status != 0 && r.stderr.contains("--start: expected 1 or 2"), "stderr: \(r.stderr)")
        let toml = repositoryRoot.appendingPathComponent("problems/misra1a.toml").path
        let s = try CLI.run(["fit", toml, "--start", "2", "-o", try CLI.scratch().path])
        #expect(s.status == 1 && s.stderr.contains("only for NIST .dat files"), "stderr: \(s.stderr)")
    }

    /// The LRE is floored at 0 (a value 100× off agrees in no digit) and capped at the
    /// digits the certified value is written with (5.5016e-04: 5 digits).
    @Test func logRelativeErrorIsFlooredAndCapped() throws {
        let dir = try CLI.scratch()
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("problems/misra1a.toml"), encoding: .utf8)
            .replacingOccurrences(of: "b1 = 2.3894212918E+02", with: "b1 = 2.3894212918E+00")
            .replacingOccurrences(of: "b2 = 5.5015643181E-04", with: "b2 = 5.5016E-04")
            .replacingOccurrences(of: "file = \"misra1a.csv\"", with: "file = \"\(repositoryRoot.path)/problems/misra1a.csv\"")
        try text.write(to: dir.appendingPathComponent("m.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", "m.toml", "-o", dir.appendingPathComponent("o").path], cwd: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("o/summary.json"))) as! [String: Any]
        let lre = try #require(json["log_relative_error"] as? [String: Double])
        #expect(lre["b1"] == 0 && lre["b2"]! > 4 && lre["b2"]! <= 5, "\(lre)")
    }

    /// The default fit (no method named) reaches NIST's certified values from start 1
    /// on the sets where one local solver alone stops far away: Sven on MGH09, MGH10
    /// and MGH17 (a runaway towards an asymptote, a plateau), LM on BoxBOD. Both run;
    /// the lower residual sum of squares answers (LM continuing from Sven's end when
    /// that is the lower), and summary.json and the output name the method.
    @Test(arguments: [("MGH09", 4.0), ("MGH10", 4.0), ("MGH17", 6.0), ("BoxBOD", 4.0)])
    func theDefaultFitReachesTheHardNISTSetsFromStartOne(set: String, digits: Double) throws {
        let out = try CLI.scratch()
        let r = try CLI.run(["fit", repositoryRoot.appendingPathComponent("data/nist/\(set).dat").path, "-o", out.path])
        #expect(r.status == 0, "\(set) stderr: \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let lre = try #require(json["log_relative_error"] as? [String: Double])
        let sdLRE = try #require(json["log_relative_error_standard_errors"] as? [String: Double])
        for (b, l) in lre { #expect(l >= digits && sdLRE[b]! >= 4, "\(set) \(b): LRE \(l), standard error LRE \(sdLRE[b]!)") }
        #expect(try #require(json["log_relative_error_residual_standard_deviation"] as? Double) >= 6)
        let attempts = try #require(json["attempts"] as? [[String: Any]])
        #expect(attempts.prefix(2).map { "\($0["method"]!) from \($0["from"]!)" } == ["sven from start", "lm from start"])
        let method = try #require(json["method"] as? String)
        #expect(r.stdout.contains("answer from \(method)"), "\(r.stdout)")
        #expect(set == "BoxBOD" ? method == "sven, then lm" : method == "lm", "\(set): \(method)")
        let rss = try #require(json["residual_sum_of_squares"] as? Double)
        for a in attempts { #expect((a["residual_sum_of_squares"] as? Double ?? .infinity) >= rss * (1 - 1e-9)) }
    }

    /// A fit file's `[solver] method` must be a method or "auto"; anything else is one line naming the key.
    @Test func anUnknownFitMethodIsOneLine() throws {
        let dir = try CLI.scratch()
        let source = try String(contentsOf: repositoryRoot.appendingPathComponent("problems/misra1a.toml"), encoding: .utf8)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("problems/misra1a.csv"),
                                         to: dir.appendingPathComponent("misra1a.csv"))
        try source.replacingOccurrences(of: "method = \"sven\"", with: "method = \"newton\"")
            .write(to: dir.appendingPathComponent("m.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", dir.appendingPathComponent("m.toml").path, "-o", dir.appendingPathComponent("o").path])
        #expect(r.status == 1 && r.stderr.contains("solver.method") && r.stderr.contains("auto"), "stderr: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
