// `pay mcp`: checks its options (so `--help` and usage errors are `pay`'s own), then replaces
// itself with `pay-mcp`, installed beside `pay`, which serves. The MCP Swift SDK stays out of
// `pay` itself: it links Foundation's networking and libcurl, which every start would load.
import ArgumentParser
import Foundation
import PayGateway
import PayScript

struct McpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mcp", abstract: McpText.abstract, discussion: McpText.discussion)

    @OptionGroup var gateway: AssistantOptions

    func validate() throws {
        if let problem = McpText.problem(gateway.settings) { throw ValidationError(problem) }
    }

    func run() throws {
        let server = McpCommand.serverPath()
        guard FileManager.default.isExecutableFile(atPath: server) else {
            Console.err("pay mcp: \(server) is not there: it is built and installed with pay (swift build; make install)")
            throw ExitStatus.runtimeError.exitCode
        }
        // Everything after `mcp`, as given.
        let arguments = Array(CommandLine.arguments.drop { $0 != "mcp" }.dropFirst())
        let argv = ([server] + arguments).map { strdup($0) } + [nil]
        execv(server, argv)
        Console.err("pay mcp: cannot start \(server): \(String(cString: strerror(errno)))")
        throw ExitStatus.runtimeError.exitCode
    }

    /// `pay-mcp` in the folder of the running `pay`.
    static func serverPath() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("pay-mcp").path
    }
}
