// FileBytes.swift — reading a whole input file: regular files of bounded size only.

#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Whole-file reads with POSIX calls for every input file of the project (CSV and
/// NPY data, problem files), so that a missing, unreadable or unsuitable file is
/// a `SolutionIOError.cannotRead` naming the path and the reason.
///
/// Only regular files (or symbolic links to them) are read, and only up to a
/// size limit: a FIFO would block the reader until some writer appeared, a
/// character device such as `/dev/zero` would be read until memory ran out, and
/// a directory is no file at all. The path is checked with `stat` before it is
/// opened, opened with `O_NONBLOCK` (so even a FIFO swapped in between cannot
/// block the open) and checked again with `fstat` on the open descriptor, which
/// is what is then read; reading stops with an error once the file grows past
/// the limit.
public enum FileBytes {
    /// Largest data file read (CSV tables, NPY arrays): 1 GiB. A CSV of this size
    /// holds some 5·10⁷ numbers; larger data sets are beyond what the solvers take.
    public static let dataFileLimit = 1 << 30

    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int = dataFileLimit) throws(SolutionIOError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(path) }
        try requireRegularFile(info, path: path, limit: limit)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path) }
        defer { _ = close(fd) }
        guard fstat(fd, &info) == 0 else { throw failure(path) }
        try requireRegularFile(info, path: path, limit: limit)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else {
                throw .cannotRead(path: path, reason: "it grew beyond \(describe(bytes: limit)) while being read")
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// Throws unless `info` is a regular file of at most `limit` bytes.
    private static func requireRegularFile(_ info: stat, path: String, limit: Int) throws(SolutionIOError) {
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else {
            let what: String
            switch kind {
            case S_IFDIR: what = "a directory"
            case S_IFIFO: what = "a FIFO (named pipe)"
            case S_IFCHR: what = "a character device"
            case S_IFBLK: what = "a block device"
            case S_IFSOCK: what = "a socket"
            default: what = "not a file"
            }
            throw .cannotRead(path: path, reason: "it is \(what), not a regular file")
        }
        guard Int(info.st_size) <= limit else {
            throw .cannotRead(path: path, reason: "it holds \(info.st_size) bytes; files above \(describe(bytes: limit)) are not read")
        }
    }

    /// `n` in MiB or GiB, e.g. "64 MiB", "1.5 GiB".
    static func describe(bytes n: Int) -> String {
        let mib = Double(n) / 1_048_576
        func short(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(Double(Int(x * 10)) / 10) }
        return mib >= 1024 ? "\(short(mib / 1024)) GiB" : mib >= 1 ? "\(short(mib)) MiB" : "\(n) bytes"
    }

    private static func failure(_ path: String) -> SolutionIOError {
        .cannotRead(path: path, reason: String(cString: strerror(errno)))
    }
}
