// fuzz-csv — the numeric CSV reader (`CSVTable.parse`) on arbitrary UTF-8 text,
// as `CSVTable.read(from:)` hands it over (non-UTF-8 files are refused before).
//
// Any input must either parse or throw; a parsed table must be rectangular and finite.
import FuzzDriver
import SolutionIO

/// libFuzzer's entry: SwiftPM makes this the process's `main` (see FuzzDriver.h).
@_cdecl("fuzz_csv_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    svenpde_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self),
          let table = try? CSVTable.parse(text, path: "fuzz.csv") else { return 0 }
    for row in table.rows {
        precondition(row.count == table.columnNames.count, "CSVTable.parse: a row of \(row.count) for \(table.columnNames.count) columns")
        precondition(row.allSatisfy(\.isFinite), "CSVTable.parse: a non-finite value was accepted")
    }
    for name in table.columnNames { _ = table.column(named: name) }
    return 0
}
