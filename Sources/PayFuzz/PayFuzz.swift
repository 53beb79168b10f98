// The fuzz target over the language's front end: every input is lexed, parsed as a file and as a
// prompt entry, checked, and its diagnostics rendered, which is everything `pay check` does
// before it asks a gateway anything. Any crash, trap, leak or hang is a finding.
//
// Built two ways (Tests/fuzz/run.sh drives both):
// - `swift build --product pay-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DPAY_FUZZ`:
//   a libFuzzer binary, coverage-guided, with AddressSanitizer and LeakSanitizer.
// - a plain `swift build`: a replayer that runs the same function over files and folders given
//   as arguments (a corpus, a crash file), so a finding can be replayed without the sanitizers.
import PayScriptSyntax

/// One input through the front end. Bytes that are not UTF-8 are read as the loader reads a file
/// (repaired), so the fuzzer may try anything.
func exercise(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    var lexer = Lexer(text)
    _ = lexer.tokenize()
    for interactive in [false, true] {
        let file = SourceFile(path: "fuzz.pay", text: text)
        let (program, syntax) = ScriptLoader.parse(file, interactive: interactive)
        for diagnostic in syntax { _ = diagnostic.rendered }
        // `use` is not followed: the fuzzer must not read files. A syntax error stops a script
        // before checking, as in `pay check`, but checking a partial tree must be safe too.
        let report = Checker.check(LoadedScript(main: program), known: ["given"], interactive: interactive,
                                   itIsSet: interactive)
        for diagnostic in report.errors + report.warnings { _ = diagnostic.rendered }
    }
}

#if PAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    exercise(UnsafeBufferPointer(start: data, count: size))
    return 0
}

/// SwiftPM names an executable's entry point `PayFuzz_main` and links it as `main`, so it must
/// exist; it hands over to libFuzzer's driver, which calls `LLVMFuzzerTestOneInput`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@_cdecl("PayFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
import Foundation

/// `pay-fuzz PATH…`: runs every file given, and every file in every folder given, through the
/// target once. Exit 0 when all ran; a finding traps as it did under the fuzzer.
@main
struct Replay {
    static func main() {
        let manager = FileManager.default
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isFolder) else {
                FileHandle.standardError.write(Data("pay-fuzz: no such file or folder: \(argument)\n".utf8))
                exit(2)
            }
            let paths = isFolder.boolValue
                ? ((try? manager.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for path in paths {
                guard let data = manager.contents(atPath: path) else { continue }
                data.withUnsafeBytes { exercise($0.bindMemory(to: UInt8.self)) }
                count += 1
            }
        }
        print("pay-fuzz: \(count) inputs ran through lexer, parser and checker")
    }
}
#endif
