extension DeskLanguage {
    /// The desk's words in German.
    static let germanCatalogue: [String: String] = germanPageWords.merging(germanMessageWords) { first, _ in first }

    private static let germanPageWords: [String: String] = [
        "layout.title": "loyalty-batch desk", "layout.desk": "Import-Schalter", "layout.exports": "Exporte", "layout.language": "Sprache",
        "layout.signOut": "Abmelden",
        "upload.heading": "Kontakte oder Punktestände in Leat importieren oder Empfehlungseinladungen senden",
        "upload.intro":
            "Wählen Sie eine Tabelle: CSV (jedes Trennzeichen, UTF-8 oder Windows-1252), NDJSON oder eine Excel-Arbeitsmappe (.xlsx). Höchstens {{maxMegabytes}} MB. Nichts wird gesendet, bevor Sie es sagen.",
        "upload.holds": "Die Datei enthält", "upload.contacts": "Kontakte, um sie in Leat zu importieren",
        "upload.invites": "Empfehlungseinladungen, um sie über Capillary zu senden",
        "upload.balances": "Punktestände von Mitgliedern, um sie nach Leat zu übertragen",
        "upload.noCapillary":
            "Capillary ist an diesem Schalter nicht eingerichtet: Wer ihn betreibt, kann ihn mit CAPILLARY_API_URL und den Zugangsdaten starten.",
        "upload.drop": "Ziehen Sie die Datei hierher oder wählen Sie sie:", "upload.send": "Hochladen", "upload.progress": "Hochladen",
        "upload.jobs": "Aufträge an diesem Schalter",
        "jobs.file": "Datei", "jobs.kind": "Art", "jobs.who": "wer", "jobs.uploaded": "hochgeladen", "jobs.started": "gestartet",
        "jobs.state": "Stand", "jobs.ok": "erfolgreich", "jobs.failed": "fehlgeschlagen",
        "table.line": "Zeile", "table.reason": "Grund", "table.rows": "Zeilen",
        "map.leatProblem":
            "Die Attribute von Leat konnten nicht gelesen werden: Leat unter {{.}}. Nur E-Mail, neue Attribute und \"weglassen\" sind wählbar.",
        "map.firstRows": "Die ersten Zeilen", "map.where": "Wohin jede Spalte geht", "map.column": "Spalte", "map.example": "zum Beispiel",
        "map.goesTo": "geht nach", "map.rules": "Regeln", "map.sameEmail": "Wenn eine E-Mail in mehr als einer Zeile steht:",
        "map.blank": "Wenn eine Zelle leer ist:", "map.withoutThem": "Für Zeilen ohne Angabe", "map.invitees": "Die Eingeladenen sind:",
        "map.campaignToken": "Kampagnen-Token:",
        "map.campaignTokenHint": "(aus der Capillary-Kampagne; leer lassen, wenn eine Spalte es enthält)",
        "map.invitesOnce":
            "Eine Einladung, die in mehr als einer Zeile steht, wird einmal gesendet. Jede Einladung geht höchstens einmal hinaus, auch nach einem Stopp oder Absturz.",
        "map.pointsHow": "Wie die Punkte hineinkommen", "map.points": "Die Punkte:", "map.shop": "Der Shop, der sie erhält:",
        "map.noDebit": "nie Punkte abziehen (ein Mitglied mit mehr Punkten in Leat kommt zu den Zeilen zum Korrigieren)",
        "map.createContacts": "Mitglieder anlegen, die Leat noch nicht hat",
        "map.pointsOnce": "Die Punkte jedes Mitglieds werden einmal übertragen, auch nach einem Stopp oder Absturz.",
        "map.check": "Zeilen prüfen", "map.jobFile": "Als Auftragsdatei herunterladen",
        "map.jobFileHint": "(ausführen mit <code>loyalty-batch run DATEI.yml</code>, die Tabelle daneben)",
        "checking.heading": "{{fileName}}: die Zeilen werden geprüft",
        "checking.queued":
            "Wartet, bis es dran ist: Der Schalter führt einige Aufträge gleichzeitig aus, und diese Prüfung ist Nummer {{.}} in der Reihe.",
        "checking.bar": "Zeilen geprüft", "checking.progress": "{{done}} von ~{{total}} Zeilen geprüft ({{percent}} %)",
        "checking.nothingSent":
            "Während die Zeilen geprüft werden, wird nichts gesendet. Diese Seite zeigt das Ergebnis, wenn die Prüfung fertig ist.",
        "check.heading": "{{fileName}}: die Zeilen, geprüft",
        "check.counts":
            "Noch wurde nichts gesendet. {{rows}} Zeilen: <strong>{{valid}} bereit</strong>{{#skipped}}, {{.}} übersprungen (dieselbe {{words.key}} noch einmal){{/skipped}}, <strong>{{invalid}} zu korrigieren</strong>.",
        "check.downloadToFix": "Zeilen zum Korrigieren herunterladen",
        "check.downloadToFixHint":
            ": im eigenen Format der Datei, mit einer Spalte, die sagt, was falsch ist; korrigieren Sie sie und laden Sie die Datei erneut hoch.",
        "check.downloadFixed": "Ihre Datei mit den Korrekturen herunterladen",
        "check.downloadFixedHint": ": im eigenen Format, jede Zeile, die {{.}} hier korrigierten wie korrigiert.",
        "check.fixedHere": "({{.}} hier korrigiert)", "check.preview": "Vorschau, was es tun würde (nichts wird geändert)",
        "check.changeMapping": "Zuordnung ändern", "check.jobFile": "Auftragsdatei herunterladen",
        "delete.job": "Diesen Auftrag und seine Dateien löschen",
        "delete.jobHint": "(der Upload, die Berichte und die Zeilen zum Korrigieren)",
        "toFix.heading": "Zeilen zum Korrigieren", "toFix.page": "(Seite {{page}} von {{pages}})",
        "toFix.howToFix":
            "Korrigieren Sie eine Zeile in ihren Zellen und prüfen Sie sie erneut: Der Upload wird nicht geändert, die Zeilen werden mit Ihren Korrekturen gelesen.",
        "toFix.howToFixAfterRun":
            "Eine Zeile, die wegen ihrer eigenen Daten abgelehnt wurde, kann in ihren Zellen korrigiert und erneut gesendet werden: nur die hier korrigierten Zeilen gehen hinaus, jede einmal.",
        "toFix.toSend": "hier korrigiert, zum erneuten Senden", "toFix.keep": "Korrektur behalten",
        "toFix.keepLine": "Korrektur von Zeile {{line}} behalten",
        "toFix.whatToDo": "was zu tun ist", "toFix.fix": "korrigieren", "toFix.cell": "{{column}}, Zeile {{line}}",
        "toFix.checkLine": "Zeile {{line}} erneut prüfen", "toFix.checkAgain": "Erneut prüfen",
        "pages.earlier": "← frühere Zeilen", "pages.later": "spätere Zeilen →",
        "preview.heading": "{{fileName}}: was {{words.what}} tun würde", "preview.bar": "Zeilen nachgeschlagen",
        "preview.dryRun": "{{words.unchanged}}: Dies ist ein Probelauf ({{requests}} Leseanfragen).", "preview.would": "würde",
        "preview.what": "was", "preview.back": "zurück zur Prüfung",
        "run.queued":
            "Wartet, bis es dran ist: Der Schalter führt einige Aufträge gleichzeitig aus, und dieser ist Nummer {{.}} in der Reihe.",
        "run.cancel": "Abbrechen", "run.stop": "Stoppen",
        "run.stopHint": "(die laufenden Zeilen werden fertig; er kann fortgesetzt werden)",
        "run.counts":
            "{{rows}} Zeilen: <strong>{{ok}} erfolgreich</strong>, <strong>{{failed}} fehlgeschlagen</strong>{{#alreadyDone}}, {{.}} schon vorher erledigt{{/alreadyDone}}; {{requests}} Anfragen.",
        "run.resend": "Die {{resend}} korrigierten Zeilen erneut senden",
        "run.resendHint": "(nur diese Zeilen: eine erledigte Zeile wird nie erneut gesendet)",
        "run.stopped": "Gestoppt: {{.}}", "run.resume": "Fortsetzen",
        "run.resumeHint": "(bereits erledigte Zeilen werden nicht noch einmal gemacht)",
        "run.resumeReportHint": "(Zeilen, die schon im Bericht stehen, werden nicht noch einmal gemacht)", "run.happened": "was geschah",
        "run.error": "Fehler", "run.download": "Herunterladen:", "run.report": "den Bericht", "run.rowsToFix": "die Zeilen zum Korrigieren",
        "run.summary": "die Zusammenfassung", "run.jobFile": "die Auftragsdatei",
        "run.interrupted": "Dieser Lauf wurde unterbrochen (der Schalter stoppte, während er lief).",
        "signIn.heading": "Anmelden", "signIn.name": "Name", "signIn.password": "Passwort",
        "signIn.noAccount": "Kein Konto? Wer diesen Schalter betreibt, fügt Sie hinzu mit <code>loyalty-batch serve add-user NAME</code>.",
        "problem.another": "Eine andere Datei wählen",
        "exports.heading": "Eine Liste aus Leat exportieren",
        "exports.intro":
            "Die Kontakte, Empfehlungen, Stufen oder Treuetransaktionen, als Excel-Arbeitsmappe oder CSV-Datei, mit den Zahlen zum Prüfen. Die Datei bleibt am Schalter, bis Sie sie löschen.",
        "exports.list": "Die Liste", "exports.contacts": "Kontakte", "exports.referrals": "Empfehlungen", "exports.tiers": "Stufen",
        "exports.transactions": "Treuetransaktionen",
        "exports.period": "Der Zeitraum: darin angelegte Kontakte und Transaktionen (leer lassen für alle)", "exports.from": "Erster Tag",
        "exports.to": "Letzter Tag", "exports.format": "Format", "exports.xlsx": "Excel-Arbeitsmappe (.xlsx)",
        "exports.export": "Exportieren",
        "exports.kept": "Exporte an diesem Schalter",
        "export.queued":
            "Wartet, bis es dran ist: Der Schalter führt einige Aufträge gleichzeitig aus, und dieser Export ist Nummer {{.}} in der Reihe.",
        "export.bar": "Seiten exportiert", "export.progress": "{{rows}} Zeilen, {{pages}} Seiten{{#lastPage}} von {{.}}{{/lastPage}}",
        "export.stopHint": "(nichts wird geschrieben)", "export.credits": "Summe der Gutschriften", "export.sha256": "SHA-256 der Datei",
        "export.download": "{{name}} herunterladen", "export.manifest": "sein Manifest",
        "export.manifestHint": "(was angefragt wurde, die Zahlen, die SHA-256)", "export.delete": "Diesen Export und seine Datei löschen",
        "export.all": "Alle Exporte",
    ]
}
