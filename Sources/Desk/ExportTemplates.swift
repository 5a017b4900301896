extension Pages {
    /// The export pages: the form with the exports kept, and one export's progress and figures.
    static let exportTemplates: [String: String] = [
        "exports": """
        <h1>Export a list from Leat</h1>
        <p>The contacts, referrals, tiers or loyalty transactions, as an Excel workbook or a CSV file, with the
        figures to check it by. The file is kept on the desk until you delete it.</p>
        <form method="post" action="/exports"><input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>The list</legend>
        <label><input type="radio" name="entity" value="contacts" checked> contacts</label>
        <label><input type="radio" name="entity" value="referrals"> referrals</label>
        <label><input type="radio" name="entity" value="tiers"> tiers</label>
        <label><input type="radio" name="entity" value="transactions"> loyalty transactions</label></fieldset>
        <fieldset><legend>The period: contacts and transactions made in it (leave empty for all)</legend>
        <label>First day <input type="date" name="from"></label>
        <label>Last day <input type="date" name="to"></label></fieldset>
        <p><label>Format <select name="format"><option value="xlsx" selected>Excel workbook (.xlsx)</option>
        <option value="csv">CSV</option></select></label></p>
        <p><button type="submit">Export</button></p></form>
        {{#hasExports}}<h2>Exports on this desk</h2>
        <table class="jobs"><thead><tr><th>file</th><th>who</th><th>started</th><th>state</th><th>rows</th></tr></thead><tbody>
        {{#exports}}<tr><td><a href="/exports/{{id}}">{{name}}</a></td><td>{{who}}</td><td>{{started}}</td><td>{{state}}</td><td>{{rows}}</td></tr>{{/exports}}
        </tbody></table>{{/hasExports}}
        """,
        "export": """
        <h1>{{name}}</h1>
        {{#queued}}<p role="status" data-reload="1">Waiting for its turn: the desk runs a few jobs at once, and this export is number {{.}} in line.</p>{{/queued}}
        {{#running}}<p role="status" aria-live="polite" data-reload="1">{{#lastPage}}<progress max="{{.}}" value="{{pages}}" aria-label="pages exported">{{pages}} of {{.}}</progress> {{/lastPage}}{{rows}} rows, {{pages}} pages{{#lastPage}} of {{.}}{{/lastPage}}</p>
        <form method="post" action="/exports/{{id}}/stop"><input type="hidden" name="csrf" value="{{csrf}}"><p><button type="submit">Stop</button> (nothing is written)</p></form>{{/running}}
        {{#done}}<table><tbody><tr><th scope="row">rows</th><td>{{rows}}</td></tr>
        {{#credits}}<tr><th scope="row">sum of credits</th><td>{{.}}</td></tr>{{/credits}}
        <tr><th scope="row">SHA-256 of the file</th><td><code>{{sha256}}</code></td></tr></tbody></table>
        <p><a href="/exports/{{id}}/file">Download {{fileName}}</a> · <a href="/exports/{{id}}/manifest">its manifest</a> (what was asked, the figures, the SHA-256)</p>{{/done}}
        {{#problem}}<p class="problem">{{.}}</p>{{/problem}}
        {{^running}}{{^queued}}<form method="post" action="/exports/{{id}}/delete" class="delete"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit">Delete this export and its file</button></p></form>{{/queued}}{{/running}}
        <p><a href="/exports">All exports</a></p>
        """,
    ]
}
