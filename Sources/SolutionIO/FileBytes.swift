// FileBytes.swift — reading a whole file for the NPY and CSV readers.

#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Whole-file reads with POSIX calls, so that a missing or unreadable file is a
/// `SolutionIOError.cannotRead` naming the path and `strerror(errno)`.
enum FileBytes {
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw failure(path) }
        defer { _ = close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    private static func failure(_ path: String) -> SolutionIOError {
        .cannotRead(path: path, reason: String(cString: strerror(errno)))
    }
}
