import Testing
import Foundation

/// The generalization suite (issue 14) holds problems nobody tunes: at least 12
/// files, each valid, none setting a solver key that steers the step (`rtol`, `k`,
/// `step_control`, `eta`, `scaled`), the network or the method.
@Suite("generalization suite")
struct GeneralizationSuiteTests {
    static let folder = ReadmeExamplesTests.root.appendingPathComponent("bench/problems/generalization")

    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "toml" }.sorted { $0.path < $1.path }
    }

    @Test func atLeastTwelveFilesAndNoTunedKeys() throws {
        let files = try Self.files()
        #expect(files.count >= 12)
        // Allowed: the [solver] budget keys; no [network] table at all.
        let allowed: [String: Set<String>] = ["solver": ["max_steps", "time_limit"], "network": []]
        for f in files {
            let text = try String(contentsOf: f, encoding: .utf8)
            var table = ""
            for line in text.split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("[") { table = t.trimmingCharacters(in: CharacterSet(charactersIn: "[]")); continue }
                let key = t.split(separator: "=").first?.trimmingCharacters(in: .whitespaces) ?? ""
                if let ok = allowed[table], !key.isEmpty, !key.hasPrefix("#") {
                    #expect(ok.contains(key), "\(f.lastPathComponent) sets [\(table)] \(key)")
                }
            }
        }
    }

    @Test func everyFileIsValid() throws {
        for f in try Self.files() {
            let r = try CLI.run(["check", f.path, "--parameters", "8"])
            #expect(r.status == 0, "\(f.lastPathComponent): \(r.stderr)")
        }
    }
}
