// HistoryCSVTests.swift — rows are in the file as soon as append returns.

import Foundation
import Testing
@testable import SolutionIO

@Suite("HistoryCSV")
struct HistoryCSVTests {
    @Test("header at once, then each row right after its append; missing values are empty fields")
    func streams() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("history.csv")
        let history = try HistoryCSV(path: path, columnNames: ["step", "time", "loss", "rel_l2"])
        func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
        #expect(try text() == "step,time,loss,rel_l2\n")
        try history.append([0, 0.0, 2.5, nil])
        #expect(try text() == "step,time,loss,rel_l2\n0,0,2.5,\n")
        try history.append(["step": 1, "loss": 0.1 + 0.2, "rel_l2": 1e-07])
        #expect(try text() == "step,time,loss,rel_l2\n0,0,2.5,\n1,,0.30000000000000004,1e-07\n")
        try history.close()
        try history.close()
        #expect(throws: SolutionIOError.cannotWrite(path: path, reason: "the history file is closed")) {
            try history.append([1, 2, 3, 4])
        }
        #expect(try dir.contents() == ["history.csv"])
    }

    @Test("an unwritable path is an error, not a crash")
    func unwritable() {
        #expect(throws: SolutionIOError.cannotWrite(path: "/nonexistent-solutionio/h.csv", reason: "No such file or directory")) {
            _ = try HistoryCSV(path: "/nonexistent-solutionio/h.csv", columnNames: ["step"])
        }
    }
}
