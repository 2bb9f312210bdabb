// AtomicFile.swift — whole-file writes that never leave a half-written file.

#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Atomic whole-file writes, used by every writer of this module (NPY, CSV, VTI, PNG).
///
/// The bytes go to a new temporary file in the *same directory* as the target
/// (`.<name>.tmp.XXXXXX`, made by `mkstemp(3)`), which is `fsync(2)`ed, closed and
/// then `rename(2)`d over the target; rename within one file system is atomic
/// (POSIX), so a reader sees either the old file or the complete new one, and a
/// crash leaves at most a stray temporary file, never a truncated result. The
/// directory is fsynced afterwards so that the rename itself survives a power loss.
/// On any failure the temporary file is removed and `SolutionIOError.cannotWrite`
/// names the target path and the system's reason (`strerror(errno)`).
/// New files get mode 0644.
public enum AtomicFile {
    /// Write `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let (directory, name) = split(path)
        guard !name.isEmpty else { throw SolutionIOError.cannotWrite(path: path, reason: "the path names no file") }
        var template = Array("\(directory)/.\(name).tmp.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        do {
            try writeAll(bytes, to: fd, path: path)
            guard fchmod(fd, 0o644) == 0, fsync(fd) == 0 else { throw failure(path) }
            closed = true
            guard close(fd) == 0 else { throw failure(path) }
            guard rename(temporary, path) == 0 else { throw failure(path) }
        } catch {
            if !closed { _ = close(fd) }
            _ = unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// Create a new file with `bytes` as its first contents and put it at `path`,
    /// returning its open descriptor (write-only, close-on-exec) for appending.
    ///
    /// Like `write(_:to:)` the file is made under a temporary name in the target's
    /// directory (`mkstemp`, which never follows a symbolic link) and renamed over
    /// `path`: whatever was at `path` — an old file, a hard link to someone else's
    /// file, a symbolic link planted there — is replaced, never written through.
    public static func createReplacing(_ bytes: [UInt8], at path: String) throws -> Int32 {
        let (directory, name) = split(path)
        guard !name.isEmpty else { throw SolutionIOError.cannotWrite(path: path, reason: "the path names no file") }
        var template = Array("\(directory)/.\(name).tmp.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do {
            try writeAll(bytes, to: fd, path: path)
            guard fchmod(fd, 0o644) == 0, rename(temporary, path) == 0 else { throw failure(path) }
        } catch {
            _ = close(fd)
            _ = unlink(temporary)
            throw error
        }
        return fd
    }

    /// Write UTF-8 `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    // MARK: - Helpers shared with HistoryCSV

    /// `write(2)` until every byte is out, retrying on EINTR and short writes.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(path)
                }
                offset += n
            }
        }
    }

    /// `SolutionIOError.cannotWrite` with the current `errno`'s text.
    static func failure(_ path: String) -> SolutionIOError {
        .cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }

    /// The directory part (`.` when there is none) and the last component of `path`.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Best effort: a failed directory sync does not undo a completed rename.
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { _ = fsync(fd); _ = close(fd) }
    }
}
