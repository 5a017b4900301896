import Mustache

/// The desk's pages, rendered on the server with swift-mustache and compiled into the binary, so
/// the desk works with no internet. `{{name}}` is HTML-escaped: a cell `<script>` shows as text.
/// No page has inline script, and every page works without JavaScript.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Self.templates { try library.register(text, named: name) }
        self.library = library
    }

    /// The page `name` inside the layout, titled `title`.
    func render(_ name: String, title: String, _ context: [String: Any]) -> String {
        let body = library.render(context, withTemplate: name) ?? ""
        return library.render(["title": title, "body": body], withTemplate: "layout") ?? body
    }

    static let templates: [String: String] = [
        "layout": """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · loyalty-batch desk</title><link rel="stylesheet" href="/desk.css"></head>
        <body><header><a href="/">loyalty-batch · import desk</a></header><main>
        {{{body}}}
        </main></body></html>
        """,
        "upload": """
        <h1>Import contacts into Leat</h1>
        <p>Choose a spreadsheet: CSV (any delimiter, UTF-8 or Windows-1252), NDJSON or an Excel workbook (.xlsx).
        At most {{maxMegabytes}} MB. Nothing is sent to Leat until you say so.</p>
        <form method="post" action="/uploads" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><input type="file" name="file" accept=".csv,.txt,.tsv,.ndjson,.jsonl,.xlsx,.xlsm" required></p>
        <p><button type="submit">Upload</button></p>
        </form>
        """,
        "map": """
        <h1>{{fileName}}</h1>
        <p class="detected">{{detected}}</p>
        {{#notes}}<p class="note">{{.}}</p>{{/notes}}
        {{#leatProblem}}<p class="problem">Leat's attributes could not be read: {{.}}. Only email, new attributes and "leave out" can be chosen.</p>{{/leatProblem}}
        <h2>The first rows</h2>
        <table class="preview"><thead><tr><th>line</th>{{#columns}}<th>{{name}}</th>{{/columns}}</tr></thead>
        <tbody>{{#rows}}<tr><td>{{line}}</td>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</tbody></table>
        <h2>Where each column goes</h2>
        <form method="post" action="/jobs/{{id}}/job-file">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <table class="mapping"><thead><tr><th>column</th><th>for example</th><th>goes to</th></tr></thead><tbody>
        {{#columns}}<tr><td>{{name}}</td><td>{{samples}}</td><td><select name="target[]" aria-label="{{name}}">
        {{#choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/choices}}
        </select></td></tr>{{/columns}}
        </tbody></table>
        <h2>Rules</h2>
        <p><label>When an email is on more than one row:
        <select name="on-duplicate">{{#duplicateRules}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/duplicateRules}}</select></label></p>
        <p><label>When a cell is empty:
        <select name="blank">{{#blankRules}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/blankRules}}</select></label></p>
        <p><button type="submit">Download as job file</button> Run it with <code>loyalty-batch run FILE.yml</code>, with the spreadsheet beside it.</p>
        </form>
        """,
        "problem": """
        <h1>{{heading}}</h1>
        <p class="problem">{{message}}</p>
        <p><a href="/">Choose another file</a></p>
        """,
    ]

    static let stylesheet = """
    body { font-family: system-ui, sans-serif; margin: 0; color: #1d1d1f; }
    header { background: #0b5; padding: .8em 1.5em; } header a { color: white; font-weight: 600; text-decoration: none; }
    main { padding: 1em 1.5em; max-width: 70em; }
    table { border-collapse: collapse; margin: .5em 0 1.5em; } th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; }
    .note { background: #fff7d6; padding: .5em; } .problem { background: #fde2e2; padding: .5em; }
    """
}
