// HistoryCSV.swift — a CSV file that grows by one row per step, safe against a killed run.

#if canImport(Glibc)
import Glibc
private let systemClose = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let systemClose = Darwin.close
#endif

/// A streaming CSV writer for run histories (step, time, loss, rel L2, …).
///
/// `init` makes a new file holding the header and renames it over `path`
/// (`AtomicFile.createReplacing`): an old file, or a symbolic link planted at
/// `path`, is replaced — the writer never truncates or writes through it. Each `append`
/// writes one complete line with a single `write(2)` call straight to the file
/// descriptor — there is no user-space buffer — so every row appended so far is in
/// the file even if the process is killed a moment later. `close()` (or deinit)
/// fsyncs and closes. Format as `CSVTable`: values in shortest round-trip form;
/// a missing value (`nil`) is an empty field, which pandas reads as NaN.
///
/// This is the one writer that is not atomic: it must be readable while it grows.
/// Not thread-safe: append from one thread (e.g. the solver's observer).
public final class HistoryCSV {
    public let path: String
    public let columnNames: [String]
    private var fd: Int32

    /// Create `path` holding the header line, replacing whatever was there (a
    /// symbolic link included: it is replaced, not followed).
    /// Column names follow `CSVTable`'s rule (precondition).
    public init(path: String, columnNames: [String]) throws {
        _ = CSVTable(columnNames: columnNames, rows: [])
        self.path = path
        self.columnNames = columnNames
        fd = try AtomicFile.createReplacing(Array((columnNames.joined(separator: ",") + "\n").utf8), at: path)
    }

    /// Append one row: one value (or nil) per column, in header order (precondition).
    /// Throws if the file was closed or the write fails.
    public func append(_ values: [Double?]) throws {
        precondition(values.count == columnNames.count,
                     "history row has \(values.count) values for \(columnNames.count) columns")
        guard fd >= 0 else { throw SolutionIOError.cannotWrite(path: path, reason: "the history file is closed") }
        let line = values.map { $0.map(CSVTable.format) ?? "" }.joined(separator: ",") + "\n"
        try AtomicFile.writeAll(Array(line.utf8), to: fd, path: path)
    }

    /// Append a row given by column name; columns not named are left empty.
    /// Every name must be a column of the file (precondition).
    public func append(_ values: [String: Double]) throws {
        for name in values.keys {
            precondition(columnNames.contains(name), "history has no column '\(name)'; columns: \(columnNames)")
        }
        try append(columnNames.map { values[$0] })
    }

    /// Flush to disk (fsync) and close; later appends throw. Safe to call twice.
    public func close() throws {
        guard fd >= 0 else { return }
        let descriptor = fd
        fd = -1
        let synced = fsync(descriptor) == 0
        let closed = systemClose(descriptor) == 0
        guard synced && closed else { throw AtomicFile.failure(path) }
    }

    deinit {
        if fd >= 0 { _ = fsync(fd); _ = systemClose(fd) }
    }
}
