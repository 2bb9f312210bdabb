import Testing
import Foundation

/// `svenpde check` names jet channels as the file writes them.
@Suite("svenpde check: channel names", .serialized)
struct CheckNamesTests {
    @Test func timeProblemsShowUserChannelNames() throws {
        let dir = try CLI.scratch(), file = dir.appendingPathComponent("heat.toml")
        try """
            [domain]
            lower = [0, 0]
            upper = [1, 1]
            variables = ["x", "t"]
            time = "t"
            [pde]
            equation = "u_t - 0.25*u_xx = 0"
            count = [6, 6]
            [[boundary]]
            kind = "neumann"
            on = ["x=0", "x=1"]
            count = 8
            [[initial]]
            value = "sin(pi*x)"
            count = 8
            [network]
            hidden = [4]
            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("jet channels u, u_x, u_t, u_xx"), "\(r.stdout)")
        #expect(r.stdout.contains("term pde: 36 residuals (rows 0…35), reads u_t, u_xx"), "\(r.stdout)")
        #expect(r.stdout.contains("term boundary: 8 residuals (rows 36…43), reads u, u_x"), "\(r.stdout)")
        for name in ["u_0", "u_1", "u_00"] { #expect(!r.stdout.contains(name + ","), "\(r.stdout)") }
    }
}
