extension Pages {
    /// The import's pages and the layout around every page. Words are `[[key]]`s of the catalogues.
    static let templates: [String: String] = [
        "layout": """
        <!doctype html>
        <html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        {{#refresh}}<noscript><meta http-equiv="refresh" content="{{.}}"></noscript>{{/refresh}}<title>{{title}} · [[layout.title]]</title>
        <link rel="stylesheet" href="/desk.css"><script src="/desk.js" defer></script></head>
        <body><header><a href="/">loyalty-batch · [[layout.desk]]</a> <a href="/exports" class="nav">[[layout.exports]]</a>
        <nav class="languages" aria-label="[[layout.language]]">{{#languages}}<a href="{{link}}" lang="{{code}}" hreflang="{{code}}"{{#current}} aria-current="true"{{/current}}>{{name}}</a> {{/languages}}</nav>
        {{#user}}<form method="post" action="/sign-out" class="who">
        <input type="hidden" name="csrf" value="{{csrf}}">{{.}} <button type="submit">[[layout.signOut]]</button></form>{{/user}}</header>
        <p id="announce" class="visually-hidden" role="status" aria-live="polite"></p><main>
        {{{body}}}
        </main></body></html>
        """,
        "upload": """
        <h1>[[upload.heading]]</h1>
        <p>[[upload.intro]]</p>
        <form method="post" action="/uploads" enctype="multipart/form-data" data-upload>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>[[upload.holds]]</legend>
        <label><input type="radio" name="kind" value="contacts" checked> [[upload.contacts]]</label>
        <label><input type="radio" name="kind" value="invites"{{^invites}} disabled{{/invites}}> [[upload.invites]]</label>
        <label><input type="radio" name="kind" value="balances"> [[upload.balances]]</label>
        {{^invites}}<p class="note">[[upload.noCapillary]]</p>{{/invites}}</fieldset>
        <div class="drop"><p><label for="file">[[upload.drop]]</label></p>
        <p><input type="file" id="file" name="file" accept=".csv,.txt,.tsv,.ndjson,.jsonl,.xlsx,.xlsm" required></p></div>
        <p><button type="submit">[[upload.send]]</button> <progress class="upload-progress" aria-label="[[upload.progress]]" hidden></progress></p>
        </form>
        {{#hasJobs}}<h2>[[upload.jobs]]</h2>
        <table class="jobs"><thead><tr><th>[[jobs.file]]</th><th>[[jobs.kind]]</th><th>[[jobs.who]]</th><th>[[jobs.uploaded]]</th><th>[[jobs.started]]</th><th>[[jobs.state]]</th><th>[[jobs.ok]]</th><th>[[jobs.failed]]</th></tr></thead><tbody>
        {{#jobs}}<tr><td><a href="{{link}}">{{name}}</a></td><td>{{kind}}</td><td>{{who}}</td><td>{{uploaded}}</td><td>{{started}}</td><td>{{state}}</td><td>{{ok}}</td><td>{{failed}}</td></tr>{{/jobs}}</tbody></table>{{/hasJobs}}
        """,
        "map": """
        <h1>{{fileName}}</h1>
        <p class="detected">{{detected}}</p>
        {{#notes}}<p class="note">{{.}}</p>{{/notes}}
        {{#leatProblem}}<p class="problem">[[map.leatProblem]]</p>{{/leatProblem}}
        <h2>[[map.firstRows]]</h2>
        <div class="wide" tabindex="0"><table class="preview"><thead><tr><th>[[table.line]]</th>{{#columns}}<th>{{name}}</th>{{/columns}}</tr></thead>
        <tbody>{{#rows}}<tr><td>{{line}}</td>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</tbody></table></div>
        <h2>[[map.where]]</h2>
        <form method="post" action="/jobs/{{id}}/job-file">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="wide"><table class="mapping"><thead><tr><th>[[map.column]]</th><th>[[map.example]]</th><th>[[map.goesTo]]</th></tr></thead><tbody>
        {{#columns}}<tr><td>{{name}}</td><td>{{samples}}</td><td><select name="target[]" aria-label="{{name}}">
        {{#choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/choices}}
        </select></td></tr>{{/columns}}
        </tbody></table></div>
        {{#contacts}}<h2>[[map.rules]]</h2>
        <p><label>[[map.sameEmail]]
        <select name="on-duplicate">{{#duplicateRules}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/duplicateRules}}</select></label></p>
        <p><label>[[map.blank]]
        <select name="blank">{{#blankRules}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/blankRules}}</select></label></p>{{/contacts}}
        {{#invites}}<h2>[[map.withoutThem]]</h2>
        <p><label>[[map.invitees]]
        <select name="type">{{#types}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/types}}</select></label></p>
        <p><label>[[map.campaignToken]] <input name="campaign-token" autocomplete="off"></label> [[map.campaignTokenHint]]</p>
        <p>[[map.invitesOnce]]</p>{{/invites}}
        {{#balances}}<h2>[[map.pointsHow]]</h2>
        <p><label>[[map.points]] <select name="mode">{{#modes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/modes}}</select></label></p>
        <p><label>[[map.shop]] <select name="shop">{{#shops}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/shops}}</select></label></p>
        <p><label><input type="checkbox" name="no-debit" value="1" checked> [[map.noDebit]]</label></p>
        <p><label><input type="checkbox" name="create-contacts" value="1"> [[map.createContacts]]</label></p>
        <p>[[map.pointsOnce]]</p>{{/balances}}
        <p><button type="submit" formaction="/jobs/{{id}}/mapping">[[map.check]]</button>
        <button type="submit">[[map.jobFile]]</button> [[map.jobFileHint]]</p>
        </form>
        """,
        "checking": """
        <h1>[[checking.heading]]</h1>
        {{#queued}}<p role="status" data-reload="1">[[checking.queued]]</p>{{/queued}}
        {{#checking}}<p role="status" aria-live="polite" data-reload="1"><progress max="100" value="{{percent}}" aria-label="[[checking.bar]]">{{percent}}%</progress>
        [[checking.progress]]</p>{{/checking}}
        <p>[[checking.nothingSent]]</p>
        """,
        "check": """
        <h1>[[check.heading]]</h1>
        <p>[[check.counts]]</p>
        {{#fixNote}}<p class="note fix-note">{{.}}</p>{{/fixNote}}
        {{#hasReasons}}<table><thead><tr><th>[[table.reason]]</th><th>[[table.rows]]</th></tr></thead><tbody>
        {{#reasons}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{/reasons}}</tbody></table>{{/hasReasons}}
        {{#toFix}}{{> rows-to-fix}}{{/toFix}}
        {{#rowsToFix}}<p><a href="/jobs/{{id}}/files/{{.}}">[[check.downloadToFix]]</a>[[check.downloadToFixHint]]</p>{{/rowsToFix}}
        <form method="post" action="/jobs/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}">
        {{#fixedHere}}<p><a href="/jobs/{{id}}/fixed">[[check.downloadFixed]]</a>[[check.downloadFixedHint]]</p>{{/fixedHere}}
        <p><button type="submit">{{go}}{{#fixedHere}} [[check.fixedHere]]{{/fixedHere}}</button>
        <button type="submit" formaction="/jobs/{{id}}/preview">[[check.preview]]</button>
        <a href="/jobs/{{id}}">[[check.changeMapping]]</a> · <a href="/jobs/{{id}}/files/job.yml">[[check.jobFile]]</a></p></form>
        {{> delete}}
        """,
        "delete": """
        <form method="post" action="/jobs/{{id}}/delete" class="delete"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit">[[delete.job]]</button> [[delete.jobHint]]</p></form>
        """,
        "rows-to-fix": """
        <h2>[[toFix.heading]]{{#links.pages}} [[toFix.page]]{{/links.pages}}</h2>
        {{#fixColumn}}<p>{{#summary}}[[toFix.howToFixAfterRun]]{{/summary}}{{^summary}}[[toFix.howToFix]]{{/summary}}</p>{{/fixColumn}}
        <div class="wide" tabindex="0"><table class="to-fix"><thead><tr><th>[[table.line]]</th>{{#columns}}<th>{{.}}</th>{{/columns}}<th>[[table.reason]]</th><th>[[toFix.whatToDo]]</th>{{#fixColumn}}<th>[[toFix.fix]]</th>{{/fixColumn}}</tr></thead><tbody>
        {{#invalidRows}}<tr><td>{{line}}</td>{{#cells}}<td>{{#fixable}}<input form="fix-{{line}}" name="cell[]" value="{{value}}" aria-label="[[toFix.cell]]">{{/fixable}}{{^fixable}}{{value}}{{/fixable}}</td>{{/cells}}<td>{{code}}</td><td>{{message}}{{#toSend}} ([[toFix.toSend]]){{/toSend}}</td>
        {{^fixable}}{{#fixColumn}}<td></td>{{/fixColumn}}{{/fixable}}{{#fixable}}<td><form id="fix-{{line}}" method="post" action="/jobs/{{id}}/fixes"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="line" value="{{line}}">{{#links.pages}}<input type="hidden" name="page" value="{{page}}">{{/links.pages}}{{#summary}}<button type="submit" aria-label="[[toFix.keepLine]]">[[toFix.keep]]</button>{{/summary}}{{^summary}}<button type="submit" aria-label="[[toFix.checkLine]]">[[toFix.checkAgain]]</button>{{/summary}}</form></td>{{/fixable}}</tr>{{/invalidRows}}</tbody></table></div>
        <p>{{#links.previous}}<a href="{{pagePath}}?page={{.}}">[[pages.earlier]]</a> {{/links.previous}}{{#links.next}}<a href="{{pagePath}}?page={{.}}">[[pages.later]]</a>{{/links.next}}</p>
        """,
        "preview": """
        <h1>[[preview.heading]]</h1>
        {{#running}}<p role="status" aria-live="polite" data-reload="1"><progress max="{{total}}" value="{{done}}" aria-label="[[preview.bar]]">{{done}} / {{total}}</progress> {{text}}</p>{{/running}}
        {{#summary}}<p>[[preview.dryRun]]</p>{{#notes}}<p>{{.}}</p>{{/notes}}
        <table><thead><tr><th>[[preview.would]]</th><th>[[table.rows]]</th></tr></thead><tbody>{{#actions}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{/actions}}</tbody></table>{{/summary}}
        {{#hasLines}}<table><thead><tr><th>[[table.line]]</th><th>{{words.key}}</th><th>[[preview.would]]</th><th>[[preview.what]]</th></tr></thead><tbody>
        {{#lines}}<tr><td>{{line}}</td><td>{{key}}</td><td>{{action}}</td><td>{{message}}</td></tr>{{/lines}}</tbody></table>
        <p>{{#links.previous}}<a href="/jobs/{{id}}/preview?page={{.}}">[[pages.earlier]]</a> {{/links.previous}}{{#links.next}}<a href="/jobs/{{id}}/preview?page={{.}}">[[pages.later]]</a>{{/links.next}}</p>{{/hasLines}}
        <form method="post" action="/jobs/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit">{{words.go}}</button> <a href="/jobs/{{id}}/check">[[preview.back]]</a></p></form>
        """,
        "run": """
        <h1>{{fileName}}: {{heading}}</h1>
        {{#queued}}<p>[[run.queued]]</p>
        <form method="post" action="/jobs/{{id}}/stop"><input type="hidden" name="csrf" value="{{csrf}}"><p><button type="submit">[[run.cancel]]</button></p></form>{{/queued}}
        {{#running}}<p><progress max="{{total}}" value="{{done}}" data-events="/jobs/{{id}}/events" aria-labelledby="progress-text">{{done}} / {{total}}</progress>
        <span id="progress-text" role="status" aria-live="polite">{{text}}</span></p>
        <form method="post" action="/jobs/{{id}}/stop"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit">[[run.stop]]</button> [[run.stopHint]]</p></form>{{/running}}
        {{#summary}}<p>[[run.counts]]</p>{{#notes}}<p>{{.}}</p>{{/notes}}
        {{#fixNote}}<p class="note fix-note">{{.}}</p>{{/fixNote}}
        {{#resend}}<form method="post" action="/jobs/{{id}}/resend"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit">[[run.resend]]</button> [[run.resendHint]]</p></form>{{/resend}}
        {{#stopped}}<p class="problem">[[run.stopped]]</p>
        <form method="post" action="/jobs/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="resume" value="1">
        <p><button type="submit">[[run.resume]]</button> [[run.resumeHint]]</p></form>{{/stopped}}
        <table><thead><tr><th>[[run.happened]]</th><th>[[table.rows]]</th></tr></thead><tbody>{{#actions}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{/actions}}</tbody></table>
        {{#hasErrors}}<table><thead><tr><th>[[run.error]]</th><th>[[table.rows]]</th></tr></thead><tbody>{{#errors}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{/errors}}</tbody></table>{{/hasErrors}}
        {{#toFix}}{{> rows-to-fix}}{{/toFix}}
        <p>[[run.download]] <a href="/jobs/{{id}}/files/report.csv">[[run.report]]</a>{{#rowsToFix}} · <a href="/jobs/{{id}}/files/{{.}}">[[run.rowsToFix]]</a>{{/rowsToFix}} · <a href="/jobs/{{id}}/files/summary.json">[[run.summary]]</a> · <a href="/jobs/{{id}}/files/job.yml">[[run.jobFile]]</a></p>{{/summary}}
        {{#interrupted}}<p class="problem">[[run.interrupted]]</p>
        <form method="post" action="/jobs/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="resume" value="1">
        <p><button type="submit">[[run.resume]]</button> [[run.resumeReportHint]]</p></form>{{/interrupted}}
        {{#failure}}<p class="problem">{{.}}</p>{{/failure}}
        {{^running}}{{^queued}}{{> delete}}{{/queued}}{{/running}}
        """,
        "sign-in": """
        <h1>[[signIn.heading]]</h1>
        {{#problem}}<p class="problem">{{.}}</p>{{/problem}}
        <form method="post" action="/sign-in"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label>[[signIn.name]] <input name="user" autocomplete="username" required></label></p>
        <p><label>[[signIn.password]] <input name="password" type="password" autocomplete="current-password" required></label></p>
        <p><button type="submit">[[signIn.heading]]</button></p></form>
        <p>[[signIn.noAccount]]</p>
        """,
        "problem": """
        <h1>{{heading}}</h1>
        <p class="problem">{{message}}</p>
        <p><a href="/">[[problem.another]]</a></p>
        """,
    ]
}
