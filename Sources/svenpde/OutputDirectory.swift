import Foundation
import Residuals

/// The output directory of a run: made and checked before any work is done (so
/// a long solve never ends in "cannot write"), named safely when it is derived
/// from the problem's `name`, and cleared of an earlier run's files so that
/// nothing in it can be mistaken for the new run's result.
enum OutputDirectory {
    /// Make `path` and its missing parents, or check the existing directory.
    /// Every failure is one line naming the path and the reason, e.g.
    /// `cannot create output directory afile/sub: afile is a file, not a directory`.
    static func prepare(_ path: String) throws {
        guard !path.isEmpty else { throw UserError("the output directory is an empty path") }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            var st = stat()
            if stat(prefix, &st) == 0 {
                guard (st.st_mode & S_IFMT) == S_IFDIR else {
                    throw UserError(prefix == path || prefix + "/" == path
                        ? "output directory \(path) exists and is not a directory"
                        : "cannot create output directory \(path): \(prefix) is a file, not a directory")
                }
                continue
            }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw UserError("cannot create output directory \(path): \(prefix): \(String(cString: strerror(errno)))")
            }
        }
        guard access(path, W_OK | X_OK) == 0 else { throw UserError("output directory \(path) is not writable") }
    }

    // MARK: - The default directory out/<name>

    /// Why `name` cannot be a directory name, or nil when it can: a safe file name
    /// is 1…100 characters of [A-Za-z0-9._-] and does not start with '.' (so it
    /// is never "..", a hidden file, a path, or empty).
    static func unsafeNameReason(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.unicodeScalars.count > 100 { return "has \(name.unicodeScalars.count) characters, more than 100" }
        if name.hasPrefix(".") { return "starts with '.'" }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if let bad = name.unicodeScalars.first(where: { !allowed.contains($0) }) {
            return "contains \(bad == " " ? "a space" : "'\(bad.escaped(asASCII: true))'")"
        }
        return nil
    }

    /// A file stem made a safe name: every character outside [A-Za-z0-9._-] becomes
    /// '_', leading dots are dropped, at most 100 characters ("my problem" → "my_problem").
    /// nil when nothing is left.
    static func safeStem(_ stem: String) -> String? {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        var out = String(String.UnicodeScalarView(stem.unicodeScalars.map { allowed.contains($0) ? $0 : "_" }))
        while out.hasPrefix(".") { out.removeFirst() }
        out = String(out.prefix(100))
        return out.isEmpty || out.allSatisfy({ $0 == "_" }) ? nil : out
    }

    static let nameRule = "a name that is also the output directory out/<name> must be 1–100 characters of "
        + "letters, digits, '.', '_' and '-', not starting with '.'; rename it or give -o DIR"

    /// `out/<name>` for a problem file, or the error at its `name` field.
    static func defaultPath(for file: ProblemFile) throws -> String {
        guard let why = unsafeNameReason(file.name) else { return "out/\(file.name)" }
        let named = file.error(at: "name", "")
        if named.line == nil {   // no name key: the name is the file's stem, made safe
            if let safe = safeStem(file.name) { return "out/\(safe)" }
            throw ProblemFileError(file: file.path, field: "name",
                                   message: "the name taken from the file name, \"\(file.name)\", \(why): \(nameRule) (add name = \"…\")")
        }
        throw file.error(at: "name", "\"\(file.name)\" \(why): \(nameRule)")
    }

    /// `out/<name>` for a fit file (which keeps no source map), located by a scan
    /// for the top-level `name` key.
    static func defaultPath(forFit path: String, name: String) throws -> String {
        guard let why = unsafeNameReason(name) else { return "out/\(name)" }
        var line: Int?, column: Int?
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = raw.drop { $0 == " " || $0 == "\t" }
                if trimmed.hasPrefix("[") { break }                       // top-level keys come first
                let key = trimmed.prefix { !" \t=".contains($0) }
                if key == "name" || key == "\"name\"" {
                    line = n + 1
                    column = raw.count - trimmed.count + 1
                    break
                }
            }
        }
        let message = line == nil ? "the name taken from the file name, \"\(name)\", \(why): \(nameRule) (add name = \"…\")"
                                  : "\"\(name)\" \(why): \(nameRule)"
        throw ProblemFileError(file: path, line: line, column: column, field: "name", message: message)
    }

    // MARK: - An earlier run's files

    /// The files a run may leave in its directory, besides `<field>.npy` and `<field>.png`.
    static let runFiles = ["summary.json", "history.csv", "checkpoint.json", "solution.csv", "solution.vti",
                           "reference.npy", "reference.png", "exact.npy", "exact.png", "error.npy", "error.png",
                           "error-log.png", "history.png", "parameters.json"]

    /// Move the files of an earlier run in `directory` (the names above, the
    /// current fields' files, and whatever the old summary.json lists) into
    /// `directory/previous/`, which is emptied first. Returns how many moved.
    /// Call it under the directory's lock, and never when resuming from it.
    @discardableResult
    static func setAsideEarlierRun(in directory: String, fields: [String]) throws -> Int {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        var names = Set(runFiles + fields.flatMap { ["\($0).npy", "\($0).png"] })
        if let data = FileManager.default.contents(atPath: path("summary.json")),
           let old = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let files = old["files"] as? [String] {
            names.formUnion(files.filter { unsafeNameReason($0) == nil })
        }
        let present = names.sorted().filter { var st = stat(); return lstat(path($0), &st) == 0 }
        guard !present.isEmpty else { return 0 }
        let previous = path("previous")
        var st = stat()
        if lstat(previous, &st) == 0 {
            do { try FileManager.default.removeItem(atPath: previous) } catch {
                throw UserError("cannot clear \(previous) for the earlier run's files: \((error as NSError).localizedDescription)")
            }
        }
        guard mkdir(previous, 0o755) == 0 else {
            throw UserError("cannot create \(previous) for the earlier run's files: \(String(cString: strerror(errno)))")
        }
        for name in present where rename(path(name), (previous as NSString).appendingPathComponent(name)) != 0 {
            throw UserError("cannot move the earlier run's \(path(name)) into \(previous): \(String(cString: strerror(errno)))")
        }
        return present.count
    }
}
