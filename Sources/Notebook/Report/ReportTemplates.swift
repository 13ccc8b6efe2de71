import Foundation
import Mustache

/// The report's Mustache templates, `Report/Templates/*.mustache`, compiled into the binary
/// (`PackageResources`, see Package.swift) and parsed once.
///
/// Every `{{value}}` is escaped by `HTML.escape` (not Mustache's own escaping, which works on
/// `Character`s and so lets a quote followed by a combining mark out of an attribute, and keeps
/// control characters HTML does not allow); `{{{value}}}` inserts an `HTMLFragment` as it is.
/// A template's file is exactly what it renders: one used inside a line has no final newline,
/// and a line ending in an opened comment (`{{!`) continues on the next (`}}…`).
///
/// Values are looked up by the names of stored properties (Mirror), and a `nil` one is looked up
/// again in the enclosing values: the view models give every optional a name no enclosing view uses.
enum ReportTemplate: String, CaseIterable {
    case page, index, lesson, step, output, code, grades
    case errorBox = "error-box", badge, time, metric, inlineValue = "inline-value"

    /// The template's text, as compiled in.
    var source: [UInt8] {
        switch self {
        case .page: return PackageResources.page_mustache
        case .index: return PackageResources.index_mustache
        case .lesson: return PackageResources.lesson_mustache
        case .step: return PackageResources.step_mustache
        case .output: return PackageResources.output_mustache
        case .code: return PackageResources.code_mustache
        case .grades: return PackageResources.grades_mustache
        case .errorBox: return PackageResources.error_box_mustache
        case .badge: return PackageResources.badge_mustache
        case .time: return PackageResources.time_mustache
        case .metric: return PackageResources.metric_mustache
        case .inlineValue: return PackageResources.inline_value_mustache
        }
    }

    /// `view` rendered through this template (partials are the other templates, by file name).
    func render(_ view: Any) -> String {
        Self.library.render(view, withTemplate: rawValue) ?? ""
    }

    /// The name of the content type that escapes with `HTML.escape`.
    static let contentType = "lessons-html"

    /// Every template, parsed. A template that does not parse is a bug in this repository, caught
    /// by the report's tests: it stops the program with the template's name and position.
    static let library: MustacheLibrary = {
        MustacheContentTypes.register(ReportHTMLContent(), named: contentType)
        var library = MustacheLibrary()
        for template in allCases {
            // Each template, partials included, starts in the report's content type: Mustache
            // resets a partial to its own HTML escaping.
            let text = "{{% CONTENT_TYPE: \(contentType) }}\n" + String(decoding: template.source, as: UTF8.self)
            do {
                try library.register(text, named: template.rawValue)
            } catch {
                fatalError("Report/Templates/\(template.rawValue).mustache does not parse: \(error)")
            }
        }
        return library
    }()
}

/// Mustache's escaping for the report: `HTML.escape`.
private struct ReportHTMLContent: MustacheContentType {
    func escapeText(_ text: String) -> String { HTML.escape(text) }
}
