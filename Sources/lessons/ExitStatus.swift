import ArgumentParser
import Foundation
import Notebook

/// The exit statuses of the command line.
enum ExitStatus {
    static let ok: Int32 = 0
    /// A step failed, a lesson does not compile, a check failed.
    static let failed: Int32 = 1
    /// Bad usage or bad input (a malformed lesson, an unknown param, no LessonKit build).
    static let badInput: Int32 = 2
    /// Stopped with Ctrl-C.
    static let interrupted: Int32 = 130
}

extension Lessons {
    /// Parses the command line and runs it, mapping errors to the documented exit statuses
    /// (ArgumentParser's own usage errors would otherwise exit with 64).
    static func mainWithExitStatus() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(ExitStatus.ok)
        } catch let error as LessonError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            Foundation.exit(ExitStatus.badInput)
        } catch is Interrupted {
            FileHandle.standardError.write(Data("lessons: interrupted\n".utf8))
            Foundation.exit(ExitStatus.interrupted)
        } catch let error as GradeStoreError {
            // The gradebook's file and SQLite's reason, in one line.
            FileHandle.standardError.write(Data("lessons: \(error)\n".utf8))
            Foundation.exit(ExitStatus.failed)
        } catch let error as LessonKitBuildError {
            FileHandle.standardError.write(Data("lessons: \(error)\n".utf8))
            Foundation.exit(ExitStatus.badInput)
        } catch {
            if let message = FileSystemErrorMessage.describe(error) {
                // Disk full, permission denied, …: one line naming the file, not NSError's dump.
                FileHandle.standardError.write(Data("lessons: \(message)\n".utf8))
                Foundation.exit(ExitStatus.failed)
            }
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(ExitStatus.ok)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
            if error is ExitCode { Foundation.exit(code.rawValue) }
            // Usage errors (64) and anything ArgumentParser rejected are bad usage.
            Foundation.exit(code == .validationFailure ? ExitStatus.badInput : ExitStatus.failed)
        }
    }

}
