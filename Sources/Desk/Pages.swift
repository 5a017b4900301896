import Mustache

/// The desk's pages, rendered on the server with swift-mustache and compiled into the binary, so
/// the desk works with no internet. `{{name}}` is HTML-escaped: a cell `<script>` shows as text.
/// No page has inline script, and every page works without JavaScript.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Self.templates.merging(Self.exportTemplates, uniquingKeysWith: { first, _ in first }) {
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// The page `name` inside the layout, titled `title`; `refresh`: seconds until the browser
    /// asks again (a running import's page, which needs no script to move on).
    func render(_ name: String, title: String, _ context: [String: Any], refresh: Int? = nil) -> String {
        let body = library.render(context, withTemplate: name) ?? ""
        var layout: [String: Any] = ["title": title, "body": body, "csrf": FormToken.current]
        if let user = SignedIn.user { layout["user"] = user }
        if let refresh { layout["refresh"] = refresh }
        return library.render(layout, withTemplate: "layout") ?? body
    }

    static let templates: [String: String] = [
        "layout": """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        {{#refresh}}<noscript><meta http-equiv="refresh" content="{{.}}"></noscript>{{/refresh}}<title>{{title}} · loyalty-batch desk</title>
        <link rel="stylesheet" href="/desk.css"><script src="/desk.js" defer></script></head>
        <body><header><a href="/">loyalty-batch · import desk</a> <a href="/exports" class="nav">Exports</a>{{#user}}<form method="post" action="/sign-out" class="who">
        <input type="hidden" name="csrf" value="{{csrf}}">{{.}} <button type="submit">Sign out</button></form>{{/user}}</header><main>
        {{{body}}}
        </main></body></html>
        """,
        "upload": """
        <h1>Import contacts or points balances into Leat, or send referral invites</h1>
        <p>Choose a spreadsheet: CSV (any delimiter, UTF-8 or Windows-1252), NDJSON or an Excel workbook (.xlsx).
        At most {{maxMegabytes}} MB. Nothing is sent until you say so.</p>
        <form method="post" action="/uploads" enctype="multipart/form-data" data-upload>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>The file holds</legend>
        <label><input type="radio" name="kind" value="contacts" checked> contacts, to import into Leat</label>
        <label><input type="radio" name="kind" value="invites"{{^invites}} disabled{{/invites}}> referral invites, to send through Capillary</label>
        <label><input type="radio" name="kind" value="balances"> members' points balances, to move into Leat</label>
        {{^invites}}<p class="note">Capillary is not set up on this desk: whoever runs it can start it with CAPILLARY_API_URL and its credentials.</p>{{/invites}}</fieldset>
        <div class="drop"><p><label for="file">Drop the file here, or choose it:</label></p>
        <p><input type="file" id="file" name="file" accept=".csv,.txt,.tsv,.ndjson,.jsonl,.xlsx,.xlsm" required></p></div>
        <p><button type="submit">Upload</button> <progress class="upload-progress" aria-label="upload" hidden></progress></p>
        </form>
        {{#hasJobs}}<h2>Jobs on this desk</h2>
        <table class="jobs"><thead><tr><th>file</th><th>kind</th><th>who</th><th>uploaded</th><th>started</th><th>state</th><th>ok</th><th>failed</th></tr></thead><tbody>
        {{#jobs}}<tr><td><a href="{{link}}">{{name}}</a></td><td>{{kind}}</td><td>{{who}}</td><td>{{uploaded}}</td><td>{{started}}</td><td>{{state}}</td><td>{{ok}}</td><td>{{failed}}</td></tr>{{/jobs}}</tbody></table>{{/hasJobs}}
        """,
        "map": """
        <h1>{{fileName}}</h1>
        <p class="detected">{{detected}}</p>
        {{#notes}}<p class="note">{{.}}</p>{{/notes}}
        {{#leatProblem}}<p class="problem">Leat's attributes could not be read: {{.}}. Only email, new attributes and "leave out" can be chosen.</p>{{/leatProblem}}
        <h2>The first rows</h2>
        <div class="wide" tabindex="0"><table class="preview"><thead><tr><th>line</th>{{#columns}}<th>{{name}}</th>{{/columns}}</tr></thead>
        <tbody>{{#rows}}<tr><td>{{line}}</td>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</tbody></table></div>
        <h2>Where each column goes</h2>
        <form method="post" action="/jobs/{{id}}/job-file">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="wide"><table class="mapping"><thead><tr><th>column</th><th>for example</th><th>goes to</th></tr></thead><tbody>
        {{#columns}}<tr><td>{{name}}</td><td>{{samples}}</td><td><select name="target[]" aria-label="{{name}}">
        {{#choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/choices}}
        </select></td></tr>{{/columns}}
        </tbody></table></div>
        {{#contacts}}<h2>Rules</h2>
        <p><label>When an email is on more than one row:
        <select name="on-duplicate">{{#duplicateRules}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/duplicateRules}}</select></label></p>
        <p><label>When a cell is empty:
        <select name="blank">{{#blankRules}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/blankRules}}</select></label></p>{{/contacts}}
        {{#invites}}<h2>For rows without them</h2>
        <p><label>The invitees are:
        <select name="type">{{#types}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/types}}</select></label></p>
        <p><label>Campaign token: <input name="campaign-token" autocomplete="off"></label> (from the Capillary campaign; leave empty when a column holds it)</p>
        <p>An invite that is on more than one row is sent once. Each invite is sent at most once, also after a stop or a crash.</p>{{/invites}}
        {{#balances}}<h2>How the points go in</h2>
        <p><label>The points: <select name="mode">{{#modes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/modes}}</select></label></p>
        <p><label>The shop that receives them: <select name="shop">{{#shops}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/shops}}</select></label></p>
        <p><label><input type="checkbox" name="no-debit" value="1" checked> never take points off (a member with more points in Leat is listed to fix)</label></p>
        <p><label><input type="checkbox" name="create-contacts" value="1"> create members Leat does not have yet</label></p>
        <p>Each member's points are moved once, also after a stop or a crash.</p>{{/balances}}
        <p><button type="submit" formaction="/jobs/{{id}}/mapping">Check the rows</button>
        <button type="submit">Download as job file</button> (run it with <code>loyalty-batch run FILE.yml</code>, the spreadsheet beside it)</p>
        </form>
        """,
        "checking": """
        <h1>{{fileName}}: checking the rows</h1>
        {{#queued}}<p role="status" data-reload="1">Waiting for its turn: the desk runs a few jobs at once, and this check is number {{.}} in line.</p>{{/queued}}
        {{#checking}}<p role="status" aria-live="polite" data-reload="1"><progress max="100" value="{{percent}}" aria-label="rows checked">{{percent}}%</progress>
        {{done}} of ~{{total}} rows checked ({{percent}}%)</p>{{/checking}}
        <p>Nothing is sent while the rows are checked. This page shows the result when the check is done.</p>
        """,
        "check": """
        <h1>{{fileName}}: the rows, checked</h1>
        <p>Nothing was sent yet. {{rows}} rows: <strong>{{valid}} ready</strong>{{#skipped}}, {{.}} skipped (the same {{words.key}} again){{/skipped}}, <strong>{{invalid}} to fix</strong>.</p>
        {{#hasReasons}}<table><thead><tr><th>reason</th><th>rows</th></tr></thead><tbody>
        {{#reasons}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{/reasons}}</tbody></table>{{/hasReasons}}
        {{#hasInvalidRows}}{{> rows-to-fix}}
        {{#rowsToFix}}<p><a href="/jobs/{{id}}/files/{{.}}">Download the rows to fix</a>: in the file's own format, with a column saying what is wrong; fix them and upload the file again.</p>{{/rowsToFix}}{{/hasInvalidRows}}
        <form method="post" action="/jobs/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}">
        {{#fixedHere}}<p><a href="/jobs/{{id}}/fixed">Download your file with the fixes</a>: in its own format, every row, the {{.}} fixed here as fixed.</p>{{/fixedHere}}
        <p><button type="submit">{{go}}{{#fixedHere}} ({{.}} fixed here){{/fixedHere}}</button>
        <button type="submit" formaction="/jobs/{{id}}/preview">Preview what it would do (nothing is changed)</button>
        <a href="/jobs/{{id}}">change the mapping</a> · <a href="/jobs/{{id}}/files/job.yml">download the job file</a></p></form>
        {{> delete}}
        """,
        "delete": """
        <form method="post" action="/jobs/{{id}}/delete" class="delete"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit">Delete this job and its files</button> (the upload, the reports and the rows to fix)</p></form>
        """,
        "rows-to-fix": """
        <h2>Rows to fix{{#pages}} (page {{page}} of {{pages}}){{/pages}}</h2>
        {{#fixable}}<p>Fix a row in its cells and check it again: the upload is not changed, the rows are read with your fixes.</p>{{/fixable}}
        <div class="wide" tabindex="0"><table class="to-fix"><thead><tr><th>line</th>{{#columns}}<th>{{.}}</th>{{/columns}}<th>reason</th><th>what to do</th>{{#fixable}}<th>fix</th>{{/fixable}}</tr></thead><tbody>
        {{#invalidRows}}<tr><td>{{line}}</td>{{#cells}}<td>{{#fixable}}<input form="fix-{{line}}" name="cell[]" value="{{value}}" aria-label="{{column}}, line {{line}}">{{/fixable}}{{^fixable}}{{value}}{{/fixable}}</td>{{/cells}}<td>{{code}}</td><td>{{message}}</td>
        {{#fixable}}<td><form id="fix-{{line}}" method="post" action="/jobs/{{id}}/fixes"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="line" value="{{line}}"><button type="submit" aria-label="Check line {{line}} again">Check again</button></form></td>{{/fixable}}</tr>{{/invalidRows}}</tbody></table></div>
        <p>{{#previous}}<a href="{{pagePath}}?page={{.}}">← earlier rows</a> {{/previous}}{{#next}}<a href="{{pagePath}}?page={{.}}">later rows →</a>{{/next}}</p>
        """,
        "preview": """
        <h1>{{fileName}}: what {{words.what}} would do</h1>
        {{#running}}<p role="status" aria-live="polite" data-reload="1"><progress max="{{total}}" value="{{done}}" aria-label="rows looked up">{{done}} of {{total}}</progress> {{done}} of ~{{total}} rows looked up</p>{{/running}}
        {{#summary}}<p>{{words.unchanged}}: this is a dry run ({{requests}} read requests).</p>{{#notes}}<p>{{.}}</p>{{/notes}}
        <table><thead><tr><th>would</th><th>rows</th></tr></thead><tbody>{{#actions}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{/actions}}</tbody></table>{{/summary}}
        {{#hasLines}}<table><thead><tr><th>line</th><th>{{words.key}}</th><th>would</th><th>what</th></tr></thead><tbody>
        {{#lines}}<tr><td>{{line}}</td><td>{{key}}</td><td>{{action}}</td><td>{{message}}</td></tr>{{/lines}}</tbody></table>
        <p>{{#previous}}<a href="/jobs/{{id}}/preview?page={{.}}">← earlier rows</a> {{/previous}}{{#next}}<a href="/jobs/{{id}}/preview?page={{.}}">later rows →</a>{{/next}}</p>{{/hasLines}}
        <form method="post" action="/jobs/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit">{{words.go}}</button> <a href="/jobs/{{id}}/check">back to the check</a></p></form>
        """,
        "run": """
        <h1>{{fileName}}: {{heading}}</h1>
        {{#queued}}<p>Waiting for its turn: the desk runs a few jobs at once, and this one is number {{.}} in line.</p>
        <form method="post" action="/jobs/{{id}}/stop"><input type="hidden" name="csrf" value="{{csrf}}"><p><button type="submit">Cancel</button></p></form>{{/queued}}
        {{#running}}<p><progress max="{{total}}" value="{{done}}" data-events="/jobs/{{id}}/events" aria-labelledby="progress-text">{{done}} of {{total}}</progress>
        <span id="progress-text" role="status" aria-live="polite">{{done}} of ~{{total}} rows ({{percent}}%) · ok {{ok}} · failed {{failed}} · {{rate}} rows/s{{#eta}} · about {{.}} left{{/eta}}</span></p>
        <form method="post" action="/jobs/{{id}}/stop"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit">Stop</button> (the rows under way finish; it can be resumed)</p></form>{{/running}}
        {{#summary}}<p>{{rows}} rows: <strong>{{ok}} ok</strong>, <strong>{{failed}} failed</strong>{{#alreadyDone}}, {{.}} done before{{/alreadyDone}}; {{requests}} requests.</p>{{#notes}}<p>{{.}}</p>{{/notes}}
        {{#stopped}}<p class="problem">Stopped: {{.}}</p>
        <form method="post" action="/jobs/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="resume" value="1">
        <p><button type="submit">Resume</button> (rows already done are not done again)</p></form>{{/stopped}}
        <table><thead><tr><th>what happened</th><th>rows</th></tr></thead><tbody>{{#actions}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{/actions}}</tbody></table>
        {{#hasErrors}}<table><thead><tr><th>error</th><th>rows</th></tr></thead><tbody>{{#errors}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{/errors}}</tbody></table>{{/hasErrors}}
        {{#hasInvalidRows}}{{> rows-to-fix}}{{/hasInvalidRows}}
        <p>Download: <a href="/jobs/{{id}}/files/report.csv">the report</a>{{#rowsToFix}} · <a href="/jobs/{{id}}/files/{{.}}">the rows to fix</a>{{/rowsToFix}} · <a href="/jobs/{{id}}/files/summary.json">the summary</a> · <a href="/jobs/{{id}}/files/job.yml">the job file</a></p>{{/summary}}
        {{#interrupted}}<p class="problem">This run was interrupted (the desk stopped while it ran).</p>
        <form method="post" action="/jobs/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="resume" value="1">
        <p><button type="submit">Resume</button> (rows already in its report are not done again)</p></form>{{/interrupted}}
        {{#failure}}<p class="problem">{{.}}</p>{{/failure}}
        {{^running}}{{^queued}}{{> delete}}{{/queued}}{{/running}}
        """,
        "sign-in": """
        <h1>Sign in</h1>
        {{#problem}}<p class="problem">{{.}}</p>{{/problem}}
        <form method="post" action="/sign-in"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label>Name <input name="user" autocomplete="username" required></label></p>
        <p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
        <p><button type="submit">Sign in</button></p></form>
        <p>No account? Whoever runs this desk adds you with <code>loyalty-batch serve add-user NAME</code>.</p>
        """,
        "problem": """
        <h1>{{heading}}</h1>
        <p class="problem">{{message}}</p>
        <p><a href="/">Choose another file</a></p>
        """,
    ]

    static let stylesheet = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1d1d1f; }
        header { background: #0a6b36; padding: .8em 1.5em; } header a { color: white; font-weight: 600; text-decoration: none; } header .nav { margin-left: 1.5em; font-weight: normal; }
        header .who { float: right; color: white; margin: 0; }
        main { padding: 1em 1.5em; max-width: 70em; }
        table { border-collapse: collapse; margin: .5em 0 1.5em; } th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; }
        .note { background: #fff7d6; padding: .5em; } .problem { background: #fde2e2; padding: .5em; }
        .wide { overflow-x: auto; }
        .drop { border: 2px dashed #767676; padding: .5em 1em; } .drop.over { border-color: #0a6b36; background: #effaf3; }
        fieldset { border: 1px solid #ccc; margin: 1em 0; } fieldset label { display: block; margin: .2em 0; }
        :focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
        header :focus-visible { outline-color: white; }
        """

    /// The desk's one script, served as `/desk.js`: live progress from the run's events (Server-Sent
    /// Events) instead of the page refreshing itself, a page of a check or preview under way
    /// reloaded (`data-reload`, seconds), and a file dropped on the upload form sent with its
    /// progress shown. Without it every page still works.
    static let script = """
        "use strict";
        (function () {
          var again = document.querySelector("[data-reload]");
          if (again) { window.setTimeout(function () { window.location.reload(); }, 1000 * Number(again.getAttribute("data-reload"))); }
          var bar = document.querySelector("progress[data-events]");
          if (bar && window.EventSource) {
            var text = document.getElementById("progress-text");
            var source = new EventSource(bar.getAttribute("data-events"));
            var show = function (event) {
              var progress = JSON.parse(event.data);
              if (progress.total === undefined) { return; }
              bar.max = progress.total;
              bar.value = progress.done;
              if (text) { text.textContent = progress.text; }
            };
            source.onmessage = show;
            source.addEventListener("done", function (event) {
              source.close();
              show(event);
              window.setTimeout(function () { window.location.reload(); }, 700);
            });
          }
          var form = document.querySelector("form[data-upload]");
          if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
          var zone = form.querySelector(".drop"), input = form.querySelector("input[type=file]"), shown = form.querySelector(".upload-progress");
          function send() {
            var request = new XMLHttpRequest();
            request.open("POST", form.action);
            request.upload.onprogress = function (event) {
              if (event.lengthComputable) { shown.max = event.total; shown.value = event.loaded; shown.hidden = false; }
            };
            request.onload = function () {
              if (request.status < 400) { window.location = request.responseURL; return; }
              var page = new DOMParser().parseFromString(request.responseText, "text/html");
              document.body.replaceWith(page.body);
            };
            request.send(new FormData(form));
          }
          ["dragenter", "dragover"].forEach(function (name) {
            zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
          });
          ["dragleave", "drop"].forEach(function (name) {
            zone.addEventListener(name, function () { zone.classList.remove("over"); });
          });
          zone.addEventListener("drop", function (event) {
            event.preventDefault();
            if (event.dataTransfer.files.length) { input.files = event.dataTransfer.files; send(); }
          });
          form.addEventListener("submit", function (event) { event.preventDefault(); send(); });
        })();
        """
}
