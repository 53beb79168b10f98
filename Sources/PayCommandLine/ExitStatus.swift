// The exit statuses (PayScript's ExitStatus) as swift-argument-parser ends a command with them.
import ArgumentParser
import PayScript

extension ExitStatus {
    public var exitCode: ExitCode { ExitCode(rawValue) }
}
