import Foundation
import Testing


private func isLink(_ url: URL) -> Bool {
    var st = stat()
    return lstat(url.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
}

/// What svenpde writes goes where it must, and only there.
@Suite("svenpde reliability: the output directory", .serialized)
struct OutputDirectoryTests {
    @Test(arguments: ["../../x", "..", ".hidden", "a/b", "a b"])
    func anUnsafeNameIsRefusedWithItsLine(_ name: String) throws {
        let dir = try CLI.scratch(), work = dir.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let file = try problem(dir) { "# a comment\n" + $0.replacingOccurrences(of: "name = \"tiny\"", with: "name = \"\(name)\"") }
        let r = try CLI.run(["solve", file.path, "-q"], cwd: work)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: \(file.path):2:") && r.stderr.contains(": name: \"\(name)\"")
                && r.stderr.contains("1–100 characters of letters, digits"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        // Nothing was written anywhere: not in the working directory, not above it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a", "tiny.toml"])
        // An explicit -o is the user's choice of place: the name is then only a label.
        if name == ".." { #expect(try CLI.run(["solve", file.path, "-q", "-o", "o"], cwd: work).status == 0) }
    }

    /// Without a `name` key the name is the file's stem, made safe rather than refused.
    @Test func aNameFromTheFileNameIsMadeSafe() throws {
        let dir = try CLI.scratch()
        let file = try problem(dir, "my problem.toml") { $0.replacingOccurrences(of: "name = \"tiny\"\n", with: "") }
        let r = try CLI.run(["solve", file.path, "-q"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(exists(dir.appendingPathComponent("out/my_problem/summary.json")))
    }

    @Test func aFitFileNameIsCheckedToo() throws {
        let dir = try CLI.scratch()
        try "x,y\n0,1\n1,2\n2,3\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        try "name = \"a/f\"\n[model]\nprediction = \"a*x\"\nparameters = [\"a\"]\nstart = [1]\n[data]\nfile = \"d.csv\"\n"
            .write(to: dir.appendingPathComponent("f.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", "f.toml"], cwd: dir)
        #expect(r.status == 1 && r.stderr.hasPrefix("error: f.toml:1:1: name: \"a/f\" contains '/'"), "\(r.stderr)")
    }

    @Test func anOutputPathThroughAFileIsOneClearLine() throws {
        let dir = try CLI.scratch()
        try "x".write(to: dir.appendingPathComponent("afile"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["solve", try problem(dir).path, "-o", "afile/sub", "-q"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "error: cannot create output directory afile/sub: afile is a file, not a directory\n", "\(r.stderr)")
        let f = try CLI.run(["solve", try problem(dir).path, "-o", "afile", "-q"], cwd: dir)
        #expect(f.status == 1 && f.stderr == "error: output directory afile exists and is not a directory\n", "\(f.stderr)")
    }

    @Test func aSecondRunIntoALockedDirectoryIsRefused() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("o")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // This process holds the lock, as a running solve would.
        let fd = open(out.appendingPathComponent(".lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        let r = try CLI.run(["solve", try problem(dir).path, "-o", out.path, "-q"])
        #expect(r.status == 1)
        #expect(r.stderr == "error: output directory \(out.path) is in use by another svenpde run (pid \(getpid())); "
                + "wait for it to finish or choose another directory with -o\n", "\(r.stderr)")
        #expect(!exists(out.appendingPathComponent("history.csv")))
        close(fd)                 // released: the next run goes ahead
        #expect(try CLI.run(["solve", try problem(dir).path, "-o", out.path, "-q"]).status == 0)
    }

    @Test func aNewRunSetsTheEarlierRunsFilesAside() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("o")
        #expect(try CLI.run(["solve", try problem(dir).path, "-o", out.path, "-q"]).status == 0)
        let first = try json(out.appendingPathComponent("summary.json"))
        // The second problem has no [reference]: it writes exact.npy, not reference.npy.
        let second = try problem(dir, "noref.toml", steps: 2) { $0.components(separatedBy: "[reference]")[0] }
        #expect(try CLI.run(["solve", second.path, "-o", out.path, "-q"]).status == 0)
        #expect(!exists(out.appendingPathComponent("reference.npy")), "a file of the earlier run was left beside the new one")
        #expect(exists(out.appendingPathComponent("exact.npy")))
        #expect(exists(out.appendingPathComponent("previous/reference.npy")))
        #expect(try json(out.appendingPathComponent("previous/summary.json"))["rel_l2_reference"] as? Double
                == first["rel_l2_reference"] as? Double)
        #expect(try json(out.appendingPathComponent("summary.json"))["steps"] as? Int == 2)
        let rows = try String(contentsOf: out.appendingPathComponent("history.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 3)
    }

    @Test func aPlantedHistoryLinkIsNeverWrittenThrough() throws {
        let dir = try CLI.scratch(), out = dir.appendingPathComponent("o")
        let victim = dir.appendingPathComponent("victim.txt")
        try "precious\n".write(to: victim, atomically: true, encoding: .utf8)
        let file = try problem(dir)
        #expect(try CLI.run(["solve", file.path, "-o", out.path, "--checkpoint-every", "2", "-q"]).status == 0)
        // Resuming in place keeps the directory's files, so the link is met by the history writer itself.
        let history = out.appendingPathComponent("history.csv")
        try FileManager.default.removeItem(at: history)
        try FileManager.default.createSymbolicLink(at: history, withDestinationURL: victim)
        let r = try CLI.run(["solve", file.path, "--resume", out.path, "--max-steps", "6", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")
        #expect(!isLink(history))
        #expect(try String(contentsOf: history, encoding: .utf8).split(separator: "\n").count == 7)
        #expect(!exists(out.appendingPathComponent("previous")), "a resume in place must not set the run's files aside")
        // A link planted at .lock is refused.
        try FileManager.default.removeItem(at: out.appendingPathComponent(".lock"))
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent(".lock"), withDestinationURL: victim)
        let l = try CLI.run(["solve", file.path, "-o", out.path, "-q"])
        #expect(l.status == 1 && l.stderr.contains(".lock: it is a symbolic link"), "\(l.stderr)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")
    }

    @Test func resumeRefusesACheckpointOfAChangedProblem() throws {
        let dir = try CLI.scratch(), run = dir.appendingPathComponent("run")
        let file = try problem(dir)
        #expect(try CLI.run(["solve", file.path, "--checkpoint-every", "2", "-o", run.path, "-q"]).status == 0)
        // Same name, network, method and seed; another source term.
        let changed = try problem(dir, "changed.toml") { $0.replacingOccurrences(of: "2*pi^2*", with: "3*pi^2*") }
        let r = try CLI.run(["solve", changed.path, "--resume", run.path, "--max-steps", "6", "-q"])
        #expect(r.status == 1 && r.stderr.contains("was written for another version of tiny")
                && r.stderr.contains("changed.toml changed since"), "\(r.stderr)")
        // Other points (the same text but for the count) are another problem too.
        let points = try problem(dir, "points.toml") { $0.replacingOccurrences(of: "count = 48", with: "count = 40") }
        #expect(try CLI.run(["solve", points.path, "--resume", run.path, "--max-steps", "6", "-q"]).status == 1)
        // Comments, layout, max_steps and the reference do not shape the trajectory: accepted.
        let edited = try problem(dir, "edited.toml", steps: 6) {
            "# edited\n" + $0.replacingOccurrences(of: "[network]", with: "\n[network]   # the net")
                .replacingOccurrences(of: "grid = 21", with: "grid = 11")
        }
        let e = try CLI.run(["solve", edited.path, "--resume", run.path, "-q"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(try json(run.appendingPathComponent("summary.json"))["steps"] as? Int == 6)
    }

    @Test func aCheckpointWithoutAFingerprintIsRefused() throws {
        let dir = try CLI.scratch(), run = dir.appendingPathComponent("run")
        let file = try problem(dir)
        #expect(try CLI.run(["solve", file.path, "--checkpoint-every", "2", "-o", run.path, "-q"]).status == 0)
        let path = run.appendingPathComponent("checkpoint.json")
        var saved = try json(path)
        var identity = try #require(saved["identity"] as? [String: Any])
        #expect((identity["fingerprint"] as? String)?.count == 16)
        identity["fingerprint"] = nil
        saved["identity"] = identity
        try JSONSerialization.data(withJSONObject: saved).write(to: path)
        let r = try CLI.run(["solve", file.path, "--resume", run.path, "--max-steps", "6", "-q"])
        #expect(r.status == 1 && r.stderr.contains("carries no problem fingerprint"), "\(r.stderr)")
    }
}
