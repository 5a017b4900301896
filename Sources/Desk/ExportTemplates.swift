extension Pages {
    /// The export pages: the form with the exports kept, and one export's progress and figures.
    static let exportTemplates: [String: String] = [
        "exports": """
        <h1>[[exports.heading]]</h1>
        <p>[[exports.intro]]</p>
        <form method="post" action="/exports"><input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>[[exports.list]]</legend>
        <label><input type="radio" name="entity" value="contacts" checked> [[exports.contacts]]</label>
        <label><input type="radio" name="entity" value="referrals"> [[exports.referrals]]</label>
        <label><input type="radio" name="entity" value="tiers"> [[exports.tiers]]</label>
        <label><input type="radio" name="entity" value="transactions"> [[exports.transactions]]</label></fieldset>
        <fieldset><legend>[[exports.period]]</legend>
        <label>[[exports.from]] <input type="date" name="from"></label>
        <label>[[exports.to]] <input type="date" name="to"></label></fieldset>
        <p><label>[[exports.format]] <select name="format"><option value="xlsx" selected>[[exports.xlsx]]</option>
        <option value="csv">CSV</option></select></label></p>
        <p><button type="submit">[[exports.export]]</button></p></form>
        {{#hasExports}}<h2>[[exports.kept]]</h2>
        <table class="jobs"><thead><tr><th>[[jobs.file]]</th><th>[[jobs.who]]</th><th>[[jobs.started]]</th><th>[[jobs.state]]</th><th>[[table.rows]]</th></tr></thead><tbody>
        {{#exports}}<tr><td><a href="/exports/{{id}}">{{name}}</a></td><td>{{who}}</td><td>{{started}}</td><td>{{state}}</td><td>{{rows}}</td></tr>{{/exports}}
        </tbody></table>{{/hasExports}}
        """,
        "export": """
        <h1>{{name}}</h1>
        {{#queued}}<p role="status" data-reload="1">[[export.queued]]</p>{{/queued}}
        {{#running}}<p role="status" aria-live="polite" data-reload="1">{{#lastPage}}<progress max="{{.}}" value="{{pages}}" aria-label="[[export.bar]]">{{pages}} / {{.}}</progress> {{/lastPage}}[[export.progress]]</p>
        <form method="post" action="/exports/{{id}}/stop"><input type="hidden" name="csrf" value="{{csrf}}"><p><button type="submit">[[run.stop]]</button> [[export.stopHint]]</p></form>{{/running}}
        {{#done}}<table><tbody><tr><th scope="row">[[table.rows]]</th><td>{{rows}}</td></tr>
        {{#credits}}<tr><th scope="row">[[export.credits]]</th><td>{{.}}</td></tr>{{/credits}}
        <tr><th scope="row">[[export.sha256]]</th><td><code>{{sha256}}</code></td></tr></tbody></table>
        <p><a href="/exports/{{id}}/file">[[export.download]]</a> · <a href="/exports/{{id}}/manifest">[[export.manifest]]</a> [[export.manifestHint]]</p>{{/done}}
        {{#problem}}<p class="problem">{{.}}</p>{{/problem}}
        {{^running}}{{^queued}}<form method="post" action="/exports/{{id}}/delete" class="delete"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><button type="submit">[[export.delete]]</button></p></form>{{/queued}}{{/running}}
        <p><a href="/exports">[[export.all]]</a></p>
        """,
    ]
}
