import Foundation

/// Making and checking the output directory before any work is done, so a
/// long solve never ends in "cannot write".
enum OutputDirectory {
    static func prepare(_ path: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw UserError("output directory \(path) exists and is not a directory") }
        } else {
            do {
                try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw UserError("cannot create output directory \(path): \((error as NSError).localizedDescription)")
            }
        }
        guard fm.isWritableFile(atPath: path) else { throw UserError("output directory \(path) is not writable") }
    }
}
