import Foundation

/// An exclusive lock on an output directory for the life of the process, so two
/// runs never write into one directory at once (interleaved history rows, files
/// of two runs side by side).
///
/// The lock is `flock(2)` on `<directory>/.lock`, taken without waiting: a second
/// run is refused at once with one line naming the directory and the holder's
/// pid, which the holder writes into the file. The kernel drops the lock when the
/// holder's descriptor closes — at exit, even after kill -9 — so a stale `.lock`
/// file never blocks anyone. The file is opened with `O_NOFOLLOW`: a symbolic
/// link planted at `.lock` is refused, never written through.
final class OutputLock {
    let path: String
    private let fd: Int32

    init(directory: String) throws {
        path = (directory as NSString).appendingPathComponent(".lock")
        fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw UserError("cannot lock output directory \(directory): \(path): \(reason)")
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            _ = close(fd)
            throw UserError("cannot lock output directory \(directory): \(path) is not a regular file")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            let holder = Self.holder(fd)
            _ = close(fd)
            if busy {
                throw UserError("output directory \(directory) is in use by another svenpde run (\(holder.map { "pid \($0)" } ?? "pid unknown")); "
                                + "wait for it to finish or choose another directory with -o")
            }
            throw UserError("cannot lock output directory \(directory): \(reason)")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// The pid the holder wrote into the lock file, if it is there yet.
    private static func holder(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    deinit { _ = close(fd) }
}
