import ArgumentParser
import Foundation
import Residuals

/// The memory a command may plan to use. A problem whose `MemoryEstimate` is
/// larger is refused before anything sized by the input is allocated, naming the
/// field to lower: an allocation that fails later aborts the process (Swift
/// arrays trap), and one that succeeds by swapping stalls the machine.
struct MemoryBudget: Sendable {
    let bytes: Double
    /// Whether `--memory-budget` set it (the refusal then says so).
    let given: Bool

    /// Physical memory: `sysconf(_SC_PHYS_PAGES) × page size`, else MemTotal of
    /// /proc/meminfo, else 16 GiB when neither answers.
    static var physicalBytes: Double {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && size > 0 { return Double(pages) * Double(size) }
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
           let kB = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kB * 1024
        }
        return 16 * 1_073_741_824
    }

    /// `gib` GiB when given, else physical memory.
    init(gib: Double?) {
        if let gib { bytes = gib * 1_073_741_824; given = true } else { bytes = Self.physicalBytes; given = false }
    }

    /// "23.4 GiB", or "512 MiB" below 1 GiB.
    var description: String {
        bytes >= 1_073_741_824 ? String(format: "%.1f GiB", bytes / 1_073_741_824) : String(format: "%.0f MiB", bytes / 1_048_576)
    }

    /// Refuses `estimate` when it exceeds the budget: one line naming `field` (the
    /// input that sizes its largest part), the estimate, its largest parts and the limit.
    func check(_ estimate: MemoryEstimate, file: ProblemFile, field: String, advice: String) throws {
        guard estimate.bytes > bytes else { return }
        throw file.error(at: field, "the problem needs \(estimate.summary), more than the memory budget \(description)"
                         + (given ? " (--memory-budget)" : " (physical memory)")
                         + "; \(advice) or raise the budget with --memory-budget GiB")
    }
}

/// `--memory-budget GiB`, shared by the subcommands that build problems.
struct MemoryBudgetOption: ParsableArguments {
    @Option(name: .customLong("memory-budget"), parsing: .unconditional,
            help: "Memory a problem may plan to use, in GiB (default: physical memory); larger problems are refused before they start.")
    var memoryBudget: Double?

    /// 1 MiB … 1 PiB: a smaller budget refuses every problem; a larger one is a typo.
    func validate() throws {
        if let g = memoryBudget, !(g.isFinite && g >= 1.0 / 1024 && g <= 1_048_576) {
            throw ValidationError("--memory-budget must be a number of GiB between 0.001 and 1048576, got \(g)")
        }
    }

    var budget: MemoryBudget { MemoryBudget(gib: memoryBudget) }
}
