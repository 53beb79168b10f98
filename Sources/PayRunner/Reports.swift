// The reports CI systems read: JUnit XML (Jenkins, GitLab and GitHub's test reporters) and JSON.
import Foundation
import PayClient
import PayScript

public enum Reports {
    /// JUnit XML: one testsuite per folder, one testcase per file (classname the folder with dots,
    /// name the file), a failure or error with the diagnostic's location and message, the
    /// script's output as system-out, times in seconds.
    public static func junit(_ results: [ScenarioResult], summary: RunSummary, timestamp: Date) -> String {
        let stamp = ISO8601DateFormatter().string(from: timestamp)
        var suites: [(folder: String, results: [ScenarioResult])] = []
        for result in results {
            if let index = suites.firstIndex(where: { $0.folder == result.scenario.folder }) {
                suites[index].results.append(result)
            } else {
                suites.append((result.scenario.folder, [result]))
            }
        }
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<testsuites name="pay test" tests="\#(summary.total)" failures="\#(summary.failed)" errors="\#(summary.errors)" skipped="\#(summary.skipped)" time="\#(seconds(summary.seconds))">"# + "\n"
        for (id, suite) in suites.enumerated() {
            let count = RunSummary(suite.results, seconds: suite.results.reduce(0) { $0 + $1.seconds })
            xml += #"  <testsuite id="\#(id)" name="\#(escape(className(suite.folder)))" tests="\#(count.total)" failures="\#(count.failed)" errors="\#(count.errors)" skipped="\#(count.skipped)" time="\#(seconds(count.seconds))" timestamp="\#(stamp)">"# + "\n"
            for result in suite.results {
                xml += #"    <testcase name="\#(escape(result.scenario.name))" classname="\#(escape(className(suite.folder)))" file="\#(escape(result.scenario.path))" time="\#(seconds(result.seconds))">"# + "\n"
                let message = escape(result.message ?? "")
                let body = escape(result.diagnostic ?? result.message ?? "")
                switch result.status {
                case .passed: break
                case .failed:
                    xml += #"      <failure message="\#(message)" type="expectation">\#(body)</failure>"# + "\n"
                case .error:
                    xml += #"      <error message="\#(message)" type="\#(result.kind.map(kindName) ?? "error")">\#(body)</error>"# + "\n"
                case .skipped:
                    xml += #"      <skipped message="\#(message)"/>"# + "\n"
                }
                let systemOut = result.output + result.trace
                if !systemOut.isEmpty { xml += "      <system-out>\(escape(systemOut))</system-out>\n" }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// The same as JSON, for scripts: a summary and a result per file.
    public static func json(_ results: [ScenarioResult], summary: RunSummary) -> String {
        func string(_ text: String?) -> String { text.map(JSONValue.quoted) ?? "null" }
        var lines = ["{", #"  "summary": {"passed": \#(summary.passed), "failed": \#(summary.failed), "errors": \#(summary.errors), "skipped": \#(summary.skipped), "seconds": \#(seconds(summary.seconds)), "exitStatus": \#(summary.exitStatus)},"#,
                     #"  "results": ["#]
        for (index, result) in results.enumerated() {
            let fields = [
                #""path": \#(string(result.scenario.id))"#, #""status": "\#(result.status.rawValue)""#,
                #""requests": \#(result.requests)"#, #""seconds": \#(seconds(result.seconds))"#,
                #""message": \#(string(result.message))"#, #""output": \#(string(result.output))"#,
            ]
            lines.append("    {" + fields.joined(separator: ", ") + "}" + (index < results.count - 1 ? "," : ""))
        }
        lines += ["  ]", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func className(_ folder: String) -> String {
        folder == "." ? "pay" : folder.replacingOccurrences(of: "/", with: ".")
    }

    static func kindName(_ kind: PayScript.ScriptError.Kind) -> String {
        switch kind {
        case .syntax: "syntax"
        case .expectation: "expectation"
        case .runtime: "runtime"
        case .unanswered: "unanswered"
        case .safety: "safety"
        case .interrupted: "interrupted"
        case .usage: "usage"
        }
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    /// XML text and attribute escaping; characters XML 1.0 cannot hold become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case let c where c.value < 0x20 || (0xFFFE...0xFFFF).contains(c.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
