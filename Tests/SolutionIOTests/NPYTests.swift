// NPYTests.swift — NPY 1.0 files: exact round trips, byte layout, strict reading.

import Foundation
import Testing
@testable import SolutionIO

@Suite("NPY")
struct NPYTests {
    @Test("1D, 2D, 3D and 0-d arrays round-trip bit for bit, NaN and -0.0 included")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let nan = Double(bitPattern: 0x7FF8_0000_0000_1234)
        let cases: [NPYArray] = [
            NPYArray(shape: [awkwardValues.count + 3], values: awkwardValues + [nan, .infinity, -.infinity]),
            NPYArray(shape: [3, 4], values: (0..<12).map { Double($0) * 0.1 - 0.35 }),
            NPYArray(shape: [2, 3, 5], values: (0..<30).map { 1 / (Double($0) - 7.5) }),
            NPYArray(shape: [], values: [42.125]),
            NPYArray(shape: [0, 3], values: []),
        ]
        for (n, array) in cases.enumerated() {
            let path = dir.file("a\(n).npy")
            try NPY.write(array, to: path)
            let back = try NPY.read(from: path)
            #expect(back.shape == array.shape)
            #expect(bits(back.values) == bits(array.values))
        }
    }

    @Test("header: magic, version 1.0, NumPy's dict text, 64-byte aligned data, little-endian values")
    func headerLayout() {
        let bytes = NPY.encode(NPYArray(shape: [2, 3, 4], values: (0..<24).map(Double.init)))
        #expect(Array(bytes[0..<6]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59])
        #expect(bytes[6] == 1 && bytes[7] == 0)
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes.count == 10 + headerLength + 24 * 8)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 4), }"))
        #expect(header.hasSuffix("\n"))
        #expect(header.dropLast().drop { $0 != "}" }.dropFirst().allSatisfy { $0 == " " })
        // The second value, 1.0 = 0x3FF0000000000000, little-endian.
        #expect(Array(bytes[(10 + headerLength + 8)..<(10 + headerLength + 16)]) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        let oneD = String(decoding: NPY.encode(NPYArray(shape: [5], values: [1, 2, 3, 4, 5])), as: UTF8.self)
        #expect(oneD.contains("'shape': (5,), }"))
        #expect(String(decoding: NPY.encode(NPYArray(shape: [], values: [1])), as: UTF8.self).contains("'shape': (), }"))
    }

    /// `np.save(f, np.array([[1.0, -2.5, 0.1], [3.0, 1e-300, -0.0]]))` with NumPy 2.x.
    static let numpyBytes =
        "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000000000000f03f00000000000004c09a9999999999b93f000000000000084059f3f8c21f6ea5010000000000000080"

    @Test("the bytes equal what NumPy's np.save writes, and NumPy's file reads back")
    func matchesNumPy() throws {
        let hex = Array(NPYTests.numpyBytes.utf8)
        let expected = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
        let array = NPYArray(shape: [2, 3], values: [1.0, -2.5, 0.1, 3.0, 1e-300, -0.0])
        #expect(NPY.encode(array) == expected)
        let back = try NPY.decode(expected, path: "numpy.npy")
        #expect(back.shape == [2, 3] && bits(back.values) == bits(array.values))
    }

    @Test("wrong dtype, Fortran order, truncated or long data, bad magic and missing files are errors")
    func rejects() throws {
        let good = NPY.encode(NPYArray(shape: [2, 2], values: [1, 2, 3, 4]))
        func replacing(_ old: String, _ new: String) -> [UInt8] {  // a same-length byte edit in the header
            let o = Array(old.utf8), n = Array(new.utf8)
            let at = (0...(good.count - o.count)).first { Array(good[$0..<($0 + o.count)]) == o }!
            var edited = good
            edited.replaceSubrange(at..<(at + o.count), with: n)
            return edited
        }
        func reason(_ bytes: [UInt8]) -> String? {
            do { _ = try NPY.decode(bytes, path: "/d/a.npy"); return nil } catch let e as SolutionIOError {
                guard case let .invalidNPY(path, reason) = e, path == "/d/a.npy" else { return "wrong case: \(e)" }
                return reason
            } catch { return "unexpected \(error)" }
        }
        // Same-length edits keep the header length valid, so only the named rule fails.
        #expect(reason(replacing("'<f8'", "'<f4'")) == "dtype '<f4' is not supported; expected '<f8' (little-endian float64)")
        #expect(reason(replacing("'<f8'", "'>f8'"))?.hasPrefix("dtype '>f8' is not supported") == true)
        #expect(reason(replacing("False", "True ")) == "fortran_order is True; only C-order arrays are read")
        #expect(reason(Array(good.dropLast())) == "data section is truncated: shape [2, 2] needs 32 bytes, found 31")
        #expect(reason(good + [0]) == "data section is too long: shape [2, 2] needs 32 bytes, found 33")
        #expect(reason(Array(good.prefix(40)))?.hasPrefix("the file ends inside the header") == true)
        #expect(reason([0x93] + Array("NUMPX".utf8) + Array(good.dropFirst(6))) == "it does not start with the NPY magic string \\x93NUMPY")
        #expect(reason(replacing("'shape'", "'shapo'"))?.hasPrefix("unexpected key 'shapo'") == true)
        #expect(reason(replacing("(2, 2)", "(2, x)"))?.hasPrefix("shape entry 'x' is not a size") == true)
        let huge = NPY.encode(NPYArray(shape: [1, 1], values: [0]))
        let hugeHeader = String(decoding: huge[10..<huge.count - 8], as: UTF8.self)
            .replacingOccurrences(of: "(1, 1),", with: "(9999999999, 9999999999),")
        #expect(reason(Array(huge[0..<10]) + Array(hugeHeader.utf8) + Array(huge.suffix(8)))
            == "shape [9999999999, 9999999999] is too large to address")
        var v9 = good
        v9[6] = 9
        #expect(reason(v9) == "format version 9.0 is not supported (1.0, 2.0 and 3.0 are)")

        #expect(throws: SolutionIOError.cannotRead(path: "/nonexistent-solutionio/a.npy", reason: "No such file or directory")) {
            _ = try NPY.read(from: "/nonexistent-solutionio/a.npy")
        }
    }
}
