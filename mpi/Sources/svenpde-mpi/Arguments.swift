/// `svenpde-mpi solve FILE [--output DIR] [--max-steps N] [--no-time-limit]
/// [--checkpoint-every N] [--resume CHECKPOINT] [--route tsqr|randomized] [--grid N]`.
struct Arguments {
    var file = ""
    var output = ""
    var maxSteps: Int?
    var noTimeLimit = false
    var checkpointEvery = 0
    var resume: String?
    var route: String?
    var grid: Int?

    static let usage = "usage: svenpde-mpi solve FILE [--output DIR] [--max-steps N] [--no-time-limit] "
        + "[--checkpoint-every N] [--resume CHECKPOINT] [--route tsqr|randomized] [--grid N]"

    init(_ raw: ArraySlice<String>) throws(ArgumentError) {
        var args = Array(raw)
        guard args.first == "solve", args.count >= 2 else { throw ArgumentError(Self.usage) }
        file = args[1]
        args.removeFirst(2)
        func value(_ flag: String) throws(ArgumentError) -> String {
            guard !args.isEmpty else { throw ArgumentError("\(flag) needs a value") }
            return args.removeFirst()
        }
        func count(_ flag: String, min: Int) throws(ArgumentError) -> Int {
            let v = try value(flag)
            guard let n = Int(v), n >= min else { throw ArgumentError("\(flag) \(v): expected an integer ≥ \(min)") }
            return n
        }
        while !args.isEmpty {
            let flag = args.removeFirst()
            switch flag {
            case "--output": output = try value(flag)
            case "--max-steps": maxSteps = try count(flag, min: 0)
            case "--no-time-limit": noTimeLimit = true
            case "--checkpoint-every": checkpointEvery = try count(flag, min: 1)
            case "--resume": resume = try value(flag)
            case "--route": route = try value(flag)
            case "--grid": grid = try count(flag, min: 2)
            default: throw ArgumentError("unknown option \(flag); \(Self.usage)")
            }
        }
        if output.isEmpty {
            let base = file.split(separator: "/").last.map(String.init) ?? "problem"
            output = "out/" + (base.hasSuffix(".toml") ? String(base.dropLast(5)) : base) + "-mpi"
        }
    }
}

struct ArgumentError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
