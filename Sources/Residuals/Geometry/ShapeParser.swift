/// Reads the shape of a problem file's `[domain] shape = "…"`:
///
///     shape   := term (("+" | "-") term)*       union, difference (left to right)
///     term    := factor ("&" factor)*           intersection (binds tighter)
///     factor  := primary ("as" NAME)?           renames the boundary parts
///     primary := SHAPE "(" arg ("," arg)* ")" | "(" shape ")"
///
/// with SHAPE one of
///
///     disk(cx, cy, r)                 parts: circle
///     annulus(cx, cy, r, R)           parts: outer, hole
///     rectangle(x0, y0, x1, y1)       parts: x=x0, x=x1, y=y0, y=y1
///     polygon(x0, y0, x1, y1, …)      parts: edge0, edge1, … (edge k from vertex k to k+1)
///     box(x0, y0, z0, x1, y1, z1)     parts: x=x0, …, z=z1 (box(x0, y0, x1, y1) is a rectangle)
///     ball(cx, cy, cz, r)             parts: sphere
///
/// Each argument is a constant formula (`pi/2`, `2*a` with `a` from `[parameters]`).
/// Example: `rectangle(-1, -1, 1, 1) - disk(0, 0, 0.4) as hole`.
public struct ShapeParser {
    /// A syntax or geometry error at a character offset of the shape text.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "column \(offset + 1): \(message)" }
    }

    public static let shapes = ["disk", "annulus", "rectangle", "polygon", "box", "ball"]

    private let text: [Character]
    private let constants: [String: Double]
    private var i = 0

    /// Parses `text`; `constants` are the names arguments may use.
    public static func parse(_ text: String, constants: [String: Double] = [:]) throws(Failure) -> Geometry {
        var p = ShapeParser(text: Array(text), constants: constants)
        let g = try p.shape()
        p.skipSpaces()
        guard p.i == p.text.count else { throw Failure(offset: p.i, message: "unexpected \"\(p.text[p.i])\"; expected +, -, & or the end") }
        return g
    }

    private init(text: [Character], constants: [String: Double]) { self.text = text; self.constants = constants }

    private mutating func skipSpaces() { while i < text.count, text[i].isWhitespace { i += 1 } }

    private mutating func peek() -> Character? { skipSpaces(); return i < text.count ? text[i] : nil }

    private mutating func shape() throws(Failure) -> Geometry {
        var g = try term()
        while let c = peek(), c == "+" || c == "-" {
            let at = i
            i += 1
            let rhs = try term()
            g = try wrap(at) { () throws(ProblemError) in c == "+" ? try g.union(rhs) : try g.subtracting(rhs) }
        }
        return g
    }

    private mutating func term() throws(Failure) -> Geometry {
        var g = try factor()
        while peek() == "&" {
            let at = i
            i += 1
            let rhs = try factor()
            g = try wrap(at) { () throws(ProblemError) in try g.intersection(rhs) }
        }
        return g
    }

    private mutating func factor() throws(Failure) -> Geometry {
        let g = try primary()
        skipSpaces()
        let save = i
        guard identifier() == "as" else { i = save; return g }
        skipSpaces()
        let at = i
        let name = identifier()
        guard !name.isEmpty else { throw Failure(offset: at, message: "expected a name after \"as\"") }
        return try wrap(at) { () throws(ProblemError) in try g.named(name) }
    }

    private mutating func identifier() -> String {
        var s = ""
        while i < text.count, text[i].isLetter || text[i] == "_" || (!s.isEmpty && text[i].isNumber) { s.append(text[i]); i += 1 }
        return s
    }

    private mutating func primary() throws(Failure) -> Geometry {
        guard let c = peek() else { throw Failure(offset: i, message: "expected a shape (\(Self.shapes.joined(separator: ", ")))") }
        if c == "(" {
            i += 1
            let g = try shape()
            guard peek() == ")" else { throw Failure(offset: i, message: "expected \")\"") }
            i += 1
            return g
        }
        let at = i
        let name = identifier()
        guard Self.shapes.contains(name) else {
            throw Failure(offset: at, message: (name.isEmpty ? "expected a shape" : "unknown shape \"\(name)\"")
                          + "; shapes: \(Self.shapes.joined(separator: ", "))")
        }
        guard peek() == "(" else { throw Failure(offset: i, message: "expected \"(\" after \(name)") }
        i += 1
        let args = try arguments()
        return try wrap(at) { () throws(ProblemError) -> Geometry in
            switch name {
            case "disk":
                guard args.count == 3 else { throw .invalid(field: "disk", "takes 3 numbers (cx, cy, r), got \(args.count)") }
                return try .disk(center: [args[0], args[1]], radius: args[2])
            case "annulus":
                guard args.count == 4 else { throw .invalid(field: "annulus", "takes 4 numbers (cx, cy, r, R), got \(args.count)") }
                return try .annulus(center: [args[0], args[1]], inner: args[2], outer: args[3])
            case "rectangle", "box":
                guard args.count == 4 || (name == "box" && args.count == 6) else {
                    throw .invalid(field: name, "takes \(name == "box" ? "4 or 6" : "4") numbers (lower corner, then upper corner), got \(args.count)")
                }
                let h = args.count / 2
                return try .box(lower: Array(args[..<h]), upper: Array(args[h...]))
            case "polygon":
                guard args.count >= 6, args.count % 2 == 0 else {
                    throw .invalid(field: "polygon", "takes x, y pairs of at least 3 vertices, got \(args.count) numbers")
                }
                return try .polygon(stride(from: 0, to: args.count, by: 2).map { [args[$0], args[$0 + 1]] })
            default:
                guard args.count == 4 else { throw .invalid(field: "ball", "takes 4 numbers (cx, cy, cz, r), got \(args.count)") }
                return try .ball(center: Array(args[..<3]), radius: args[3])
            }
        }
    }

    /// Comma-separated constant formulas up to the closing parenthesis.
    private mutating func arguments() throws(Failure) -> [Double] {
        var out: [Double] = []
        while true {
            let start = i
            var depth = 0
            while i < text.count, !(depth == 0 && (text[i] == "," || text[i] == ")")) {
                if text[i] == "(" { depth += 1 } else if text[i] == ")" { depth -= 1 }
                i += 1
            }
            guard i < text.count else { throw Failure(offset: start, message: "missing \")\"") }
            let piece = String(text[start..<i])
            let e: MathExpression
            do { e = try MathExpression(piece, variables: [], constants: constants) } catch {
                throw Failure(offset: start + max(0, error.column - 1), message: "\"\(piece.trimmingCharacters())\" is not a constant: \(error.message)")
            }
            let v = e.evaluate([Double]())
            guard v.isFinite else { throw Failure(offset: start, message: "\"\(piece.trimmingCharacters())\" is not finite") }
            out.append(v)
            let sep = text[i]
            i += 1
            if sep == ")" { return out }
        }
    }

    private func wrap<T>(_ at: Int, _ body: () throws(ProblemError) -> T) throws(Failure) -> T {
        do { return try body() } catch {
            guard case .invalid(let field, let why) = error else { throw Failure(offset: at, message: "\(error)") }
            throw Failure(offset: at, message: "\(field): \(why)")
        }
    }
}

private extension String {
    func trimmingCharacters() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
