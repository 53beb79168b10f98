// `pay lsp`: the language server (PayLanguageServer) on standard input and output. The gateway
// options say where amount literals are checked: the embedded sandbox by default, or `--api`'s
// gateway, whose asset list is the one request the server ever makes.
import PayGateway
import ArgumentParser
import Foundation
import PayLanguageServer

struct LspCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve editors: a language server (LSP) on standard input and output.",
        discussion: "Diagnostics, completion, hover, go to definition, document symbols and formatting for .pay files. editors/README.md shows the setup for VS Code, Neovim, Helix and Emacs.")

    @OptionGroup var gateway: CatalogOptions

    func run() async throws {
        Console.redact(gateway.settings.apiKey)
        let files = try ExchangeFiles.openOrExit(gateway.settings)
        let (session, opened) = await gateway.settings.makeSession(files, probe: false)
        let status = await LanguageServer.serve(session: session, input: STDIN_FILENO, output: STDOUT_FILENO)
        await opened.shutdown()
        if status != 0 { throw ExitCode(status) }
    }
}
